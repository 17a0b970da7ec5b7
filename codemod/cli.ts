#!/usr/bin/env node
/** Bin entry of `unified-id-codemod`: the command line on the real process (Ctrl-C stops `migrate` between files). */
import { runFromProcess } from '../src/cli/process';
import { codemodCommandLine } from './main';

await runFromProcess(codemodCommandLine);

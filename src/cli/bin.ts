#!/usr/bin/env node
/** Bin entry of `unified-id`: the command line on the real process. */
import { unifiedIdCommandLine } from './main';
import { runFromProcess } from './process';

await runFromProcess(unifiedIdCommandLine);

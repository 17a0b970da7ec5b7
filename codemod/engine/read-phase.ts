/**
 * Phase 3 of a `migrate` run: every file of the project is read once. Each goes through the project pass (text
 * only); the files of this run (its paths, filters and shard) also go through the rules' prefilters, and those that
 * may match become candidates, the only files whose text stays in memory. No parsing here.
 */
import type { Rule } from '../rule';
import { isJsonPath } from './discovery';
import type { Discovery, DiscoveredFile } from './discovery';
import type { FileState } from './file-state';
import { yieldToEvents } from './file-state';
import { ProjectPass } from './project-pass';
import type { ProjectPassResult } from './project-pass';
import type { SkippedFile } from './report';
import type { RunSettings } from './settings';
import { decodeLossy, decodeSource, hashBytes, isMarkedGenerated } from './text';
import { describeError } from './transform';

export interface ReadResult {
  /** Files some rule may change (typed rules never see JSON). */
  readonly candidates: readonly FileState[];
  /** Candidates for the syntactic rules, the worker pool's input. */
  readonly syntacticCandidates: readonly FileState[];
  /** Files of this run marked `@generated`, left alone. */
  readonly filesGenerated: number;
  /** Files of this run that could not be read. */
  readonly readErrors: readonly SkippedFile[];
  readonly project: ProjectPassResult;
}

export interface ReadHooks {
  readonly signal?: AbortSignal;
  /** One step per file read. */
  readonly tick: () => void;
}

/** Files between two pauses that let signal handlers, the progress bar and worker messages run. */
const readChunk = 256;

export async function readProject(settings: RunSettings, discovery: Discovery, hooks: ReadHooks): Promise<ReadResult> {
  const { fs, ruleOptions, rules, syntacticRules } = settings;
  const inRun = new Set(discovery.files.map((file) => file.filePath));
  const pass = new ProjectPass(rules, ruleOptions, settings.root);
  const candidates: FileState[] = [];
  const syntacticCandidates: FileState[] = [];
  const readErrors: SkippedFile[] = [];
  let filesGenerated = 0;

  /** `hasBom` is `undefined` for a file that is not valid UTF-8: one a rule may change is skipped, never decoded lossily and written. */
  const prefilter = (file: DiscoveredFile, text: string, hasBom: boolean | undefined, bytes: Uint8Array): void => {
    if (isMarkedGenerated(text)) {
      filesGenerated++;
      return;
    }
    const info = { filePath: file.filePath, relativePath: file.relativePath, options: ruleOptions };
    // JSON data files are for syntactic rules only: a type-checked program has no place for them.
    const eligible: readonly Rule[] = isJsonPath(file.relativePath) ? syntacticRules : rules;
    if (!eligible.some((rule) => rule.mayMatch(text, info))) return;
    if (hasBom === undefined) {
      readErrors.push({ path: file.relativePath, reason: 'not-utf8', message: 'not valid UTF-8; left as is (convert it to UTF-8 to migrate it)' });
      return;
    }
    const state: FileState = { file, original: text, hasBom, hash: hashBytes(bytes), text, syntaxChecked: false, outcomes: [] };
    candidates.push(state);
    if (syntacticRules.some((rule) => rule.mayMatch(text, info))) syntacticCandidates.push(state);
  };

  const files = discovery.project;
  for (let index = 0; index < files.length && !hooks.signal?.aborted; index++) {
    const file = files[index];
    if (file) {
      let bytes: Uint8Array | undefined;
      try {
        bytes = fs.readFileSync(file.filePath);
      } catch (error) {
        // A file of another shard or outside the paths is that run's to report.
        if (inRun.has(file.filePath)) readErrors.push({ path: file.relativePath, reason: 'read-error', message: describeError(error) });
      }
      if (bytes) {
        const decoded = decodeSource(bytes);
        const text = decoded?.text ?? decodeLossy(bytes);
        const hasBom = decoded?.hasBom;
        pass.add(text, file);
        if (inRun.has(file.filePath)) prefilter(file, text, hasBom, bytes);
      }
    }
    hooks.tick();
    if (index % readChunk === readChunk - 1) await yieldToEvents();
  }
  return { candidates, syntacticCandidates, filesGenerated, readErrors, project: pass.finish() };
}

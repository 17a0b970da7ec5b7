/** One candidate file as it goes through the phases of a run: what was read, its current text, what the rules did. */
import type { DiscoveredFile } from './discovery';
import type { FileInput, FileTransform, RuleOutcome, SkipReason } from './transform';

export interface FileState {
  readonly file: DiscoveredFile;
  readonly original: string;
  readonly hasBom: boolean;
  /** Hash of the bytes read: the conflict guard compares it again before writing. */
  readonly hash: string;
  text: string;
  /** The current text is known to parse (it came out of a phase that checked it). */
  syntaxChecked: boolean;
  failure?: { reason: SkipReason; message: string };
  readonly outcomes: RuleOutcome[];
}

export function failFile(state: FileState, reason: SkipReason, message: string): void {
  state.failure = { reason, message };
}

/** Takes one phase's result for the file: its rules' outcomes, and its new text or its failure. */
export function absorb(state: FileState, result: FileTransform): void {
  state.outcomes.push(...result.rules);
  if (result.status === 'failed') failFile(state, result.reason, result.message);
  else {
    state.text = result.text;
    state.syntaxChecked = true;
  }
}

export function inputOf(state: FileState): FileInput {
  return { filePath: state.file.filePath, relativePath: state.file.relativePath, text: state.text };
}

/** Lets a SIGINT handler, the progress bar and worker messages run. */
export function yieldToEvents(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

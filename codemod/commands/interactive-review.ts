/**
 * `migrate --interactive`: each change, file by file and hunk by hunk, as `git add -p` shows them; the answers
 * choose what `--apply` writes. Answers are read a line at a time (a letter, then Enter).
 */
import type { CliIO } from '../../src/cli/io';
import type { DiffColors } from '../engine/diff';
import { hunksOf } from '../engine/hunks';
import type { ProposedChange, ReviewedChanges } from '../engine/runner';

/** Lines of text from an async stream of chunks; `undefined` at its end or once `signal` aborts. */
export class LineReader {
  private readonly iterator: AsyncIterator<string | Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private ended = false;

  constructor(
    input: AsyncIterable<string | Uint8Array>,
    private readonly signal?: AbortSignal,
  ) {
    this.iterator = input[Symbol.asyncIterator]();
  }

  async next(): Promise<string | undefined> {
    for (;;) {
      const newline = this.buffer.indexOf('\n');
      if (newline !== -1) {
        const line = this.buffer.slice(0, newline).replace(/\r$/, '');
        this.buffer = this.buffer.slice(newline + 1);
        return line;
      }
      if (this.ended || this.signal?.aborted) return this.flush();
      const chunk = await this.read();
      if (chunk === undefined) {
        this.ended = true;
        continue;
      }
      this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    }
  }

  /** Stops reading (lets the process exit: standard input is released). */
  async close(): Promise<void> {
    this.ended = true;
    await this.iterator.return?.();
  }

  private flush(): string | undefined {
    const rest = this.buffer;
    this.buffer = '';
    return rest === '' ? undefined : rest;
  }

  private read(): Promise<string | Uint8Array | undefined> {
    const next = this.iterator.next().then((result) => (result.done ? undefined : result.value));
    const { signal } = this;
    if (!signal) return next;
    return Promise.race([next, new Promise<undefined>((done) => signal.addEventListener('abort', () => done(undefined), { once: true }))]);
  }
}

const helpText = `y - apply this change
n - do not apply this change
a - apply this change and the rest of this file
d - do not apply this change nor the rest of this file
q - quit: apply none of the remaining changes (those accepted so far are written)
? - this help
`;

type Answer = 'y' | 'n' | 'a' | 'd' | 'q';

export async function reviewInteractively(changes: readonly ProposedChange[], io: CliIO, reader: LineReader, colors?: DiffColors): Promise<ReviewedChanges> {
  const paint = (kind: keyof DiffColors, text: string): string => (colors ? colors[kind](text) : text);
  const accepted = new Map<string, string>();
  let quit = false;
  for (const change of changes) {
    if (quit) break;
    const { hunks, apply } = hunksOf(change.before, change.after);
    const chosen = new Set<number>();
    io.stdout(`${paint('header', `--- a/${change.path}`)}\n${paint('header', `+++ b/${change.path}`)}\n`);
    let rest: 'accept' | 'skip' | undefined;
    for (let index = 0; index < hunks.length && !quit && rest === undefined; index++) {
      const hunk = hunks[index];
      if (!hunk) continue;
      io.stdout(paint('hunk', hunk.header) + '\n');
      for (const line of hunk.lines) io.stdout((line.startsWith('-') ? paint('removed', line) : line.startsWith('+') ? paint('added', line) : line) + '\n');
      const answer = await ask(io, reader, `(${index + 1}/${hunks.length}) Apply this change to ${change.path} [y,n,a,d,q,?]? `);
      if (answer === 'y') chosen.add(index);
      else if (answer === 'a') {
        for (let later = index; later < hunks.length; later++) chosen.add(later);
        rest = 'accept';
      } else if (answer === 'd') rest = 'skip';
      else if (answer === 'q') quit = true;
    }
    if (chosen.size > 0) accepted.set(change.path, apply(chosen));
  }
  return accepted;
}

async function ask(io: CliIO, reader: LineReader, prompt: string): Promise<Answer> {
  for (;;) {
    io.stdout(prompt);
    const line = await reader.next();
    // End of input or Ctrl-C: stop asking; nothing more is accepted.
    if (line === undefined) {
      io.stdout('\n');
      return 'q';
    }
    const answer = line.trim().toLowerCase();
    if (answer === 'y' || answer === 'n' || answer === 'a' || answer === 'd' || answer === 'q') return answer;
    io.stdout(helpText);
  }
}

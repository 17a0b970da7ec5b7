import type { TextEdit } from './rule';

/** Two edits that touch the same text cannot both be applied: the rule that made them is wrong. */
export class OverlappingEditsError extends Error {
  readonly code = 'OVERLAPPING_EDITS';
  constructor(readonly first: TextEdit, readonly second: TextEdit) {
    super(`Edits overlap: [${first.start}, ${first.end}) and [${second.start}, ${second.end})`);
    this.name = 'OverlappingEditsError';
  }
}

/**
 * Applies non-overlapping edits to `text` in one pass. Identical duplicate edits are applied once
 * (two rules, or one rule reaching one literal twice, may propose the same replacement).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  let previous: TextEdit | undefined;
  for (const edit of sorted) {
    if (edit.start < 0 || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`Edit [${edit.start}, ${edit.end}) is outside the text (length ${text.length})`);
    }
    if (previous && previous.start === edit.start && previous.end === edit.end && previous.text === edit.text) continue;
    // Two insertions at one point are fine; anything else that starts before the cursor overlaps.
    if (previous && (edit.start < cursor || (edit.start === previous.start && edit.start !== edit.end && previous.start !== previous.end))) {
      throw new OverlappingEditsError(previous, edit);
    }
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
    previous = edit;
  }
  return out + text.slice(cursor);
}

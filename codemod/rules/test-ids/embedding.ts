/**
 * Where an ID occurs inside a longer string: as a whole `/`- or `:`-separated segment (`/runs/<id>/events`,
 * `thread:<id>`), which the rule rewrites when the ID is distinctive enough not to be a coincidence, or merely as a
 * word (`'run test-run failed'`), which it cannot rewrite safely and reports.
 */
import { isRunId } from 'unified-id';

const ID_CHARACTER = /[A-Za-z0-9_-]/;
const SEGMENT_SEPARATOR = /[/:]/;

/** An original that cannot be a coincidence inside a longer string: a run ID, or 4+ characters with a separator. */
export function isDistinctive(original: string): boolean {
  return isRunId(original) || (original.length >= 4 && /[^A-Za-z0-9]/.test(original));
}

/** Start offsets of `value` in `text` where it is not part of a longer ID-like word. */
export function wholeWordOffsets(text: string, value: string): number[] {
  const offsets: number[] = [];
  if (value.length === 0) return offsets;
  for (let index = text.indexOf(value); index !== -1; index = text.indexOf(value, index + 1)) {
    const before = text[index - 1];
    const after = text[index + value.length];
    if ((before === undefined || !ID_CHARACTER.test(before)) && (after === undefined || !ID_CHARACTER.test(after))) offsets.push(index);
  }
  return offsets;
}

/** True when `value` occurs in `text` on its own, not as part of a longer ID-like word. */
export function containsWholeValue(text: string, value: string): boolean {
  return wholeWordOffsets(text, value).length > 0;
}

/** The `[start, end)` offsets of the `/`- and `:`-separated segments of `text`. */
export function segmentsOf(text: string): [number, number][] {
  const segments: [number, number][] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || SEGMENT_SEPARATOR.test(text[i] as string)) {
      segments.push([start, i]);
      start = i + 1;
    }
  }
  return segments;
}

/** True when `text` holds a separator, so it has segments at all. */
export function hasSegments(text: string): boolean {
  return SEGMENT_SEPARATOR.test(text);
}

/**
 * True when every whole-word occurrence of `value` in `text` is a whole segment the rule would rewrite (so no copy
 * of the old value is left behind in `text`).
 */
export function onlyInRewritableSegments(text: string, value: string): boolean {
  if (!isDistinctive(value)) return false;
  const starts = new Set(segmentsOf(text).filter(([start, end]) => text.slice(start, end) === value).map(([start]) => start));
  return wholeWordOffsets(text, value).every((offset) => starts.has(offset));
}

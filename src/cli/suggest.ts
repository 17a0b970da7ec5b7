/** "Did you mean": the known name closest to a mistyped one, by edit distance. */

/**
 * Edit distance with adjacent transpositions (optimal string alignment): insertions, deletions, substitutions
 * and swaps of two neighbours count one each, so `migarte` is one edit from `migrate`.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, index) => index)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * The candidate closest to `input`, when it is close enough to be a typo: at most a third of the input's
 * length away (at least one edit, at most three), or a name the input begins (`--invalid` for
 * `--invalid-only`), which counts as one edit. Ties go to the first candidate.
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const allowed = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  const typed = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    const known = candidate.toLowerCase();
    const distance = typed.replace(/^-+/, '').length >= 3 && known.startsWith(typed) && known !== typed ? 1 : editDistance(typed, known);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "x"?)`, or nothing when no candidate is close. */
export function didYouMean(input: string, candidates: Iterable<string>, show: (name: string) => string = (name) => `"${name}"`): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? '' : ` (did you mean ${show(match)}?)`;
}

import { parseRunId } from './parse';

/**
 * Orders run IDs by timestamp, then suffix (the order a generator emits them in), then thread, so that
 * `compareRunIds(a, b) === 0` only for IDs that parse to the same parts. Legacy IDs carry no time and
 * sort before canonical ones. Throws `RunIdError` for an unreadable ID.
 */
export function compareRunIds(a: string, b: string): -1 | 0 | 1 {
  const left = parseRunId(a);
  const right = parseRunId(b);
  const leftTime = left.timestamp ?? -1;
  const rightTime = right.timestamp ?? -1;
  // Stryker disable next-line EqualityOperator: the values differ here, so `<` and `<=` agree.
  if (leftTime !== rightTime) return leftTime < rightTime ? -1 : 1;
  // Stryker disable next-line EqualityOperator: the values differ here, so `<` and `<=` agree.
  if (left.suffix !== right.suffix) return left.suffix < right.suffix ? -1 : 1;
  // Stryker disable next-line EqualityOperator: the values differ here, so `<` and `<=` agree.
  if (left.threadId !== right.threadId) return left.threadId < right.threadId ? -1 : 1;
  return 0;
}

import { compareRunIds } from './compare';
import { toCanonicalRunId } from './convert';
import { formatRunId } from './format';
import { generateThreadId } from './generate-thread-id';
import { generateRunId } from './generator';
import { validateIdPair } from './pair';
import { extractThreadId, isCanonicalRunId, isRunId, parseRunId, safeParseRunId } from './parse';
import { isThreadId, normalizeThreadId } from './thread-id';

/**
 * The functions of this package as static methods, named like the Python `UnifiedIDManager` they replace
 * (camelCased), so ported code changes only its import. New code should import the functions directly.
 */
export class UnifiedIDManager {
  private constructor() {}
  static readonly generateRunId = generateRunId;
  static readonly generateThreadId = generateThreadId;
  static readonly parseRunId = parseRunId;
  static readonly safeParseRunId = safeParseRunId;
  static readonly extractThreadId = extractThreadId;
  static readonly validateIdPair = validateIdPair;
  /** The Python API's name for `isRunId`. */
  static readonly validateRunId = isRunId;
  static readonly isRunId = isRunId;
  static readonly isCanonicalRunId = isCanonicalRunId;
  static readonly isThreadId = isThreadId;
  static readonly normalizeThreadId = normalizeThreadId;
  static readonly toCanonicalRunId = toCanonicalRunId;
  static readonly formatRunId = formatRunId;
  static readonly compareRunIds = compareRunIds;
}

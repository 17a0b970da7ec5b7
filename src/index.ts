export { RUN_ID_ERROR_CODES, RunIdError, type RunIdErrorCode } from './errors';
export { MAX_THREAD_ID_LENGTH } from './grammar';
export type { CanonicalRunId, LegacyRunId, ParsedRunId, RunId, RunIdFormat, ThreadId } from './types';
export {
  asRunId,
  extractThreadId,
  isCanonicalRunId,
  isLegacyRunId,
  isRunId,
  parseRunId,
  safeParseRunId,
  threadIdOf,
  type SafeParseResult,
} from './parse';
export { asThreadId, isThreadId, normalizeThreadId } from './thread-id';
export { formatRunId, type RunIdParts } from './format';
export { toCanonicalRunId, type ToCanonicalOptions } from './convert';
export { compareRunIds } from './compare';
export { validateIdPair } from './pair';
export { createRunIdGenerator, generateRunId, type RunIdGenerator, type RunIdGeneratorOptions } from './generator';
export { generateThreadId } from './generate-thread-id';
export { ExecutionContext, type ExecutionContextInit } from './context';
export { UnifiedIDManager } from './manager';
export { getParseFailureCounts, onParseFailure, resetParseFailureCounts, type ParseFailureListener } from './monitor';
export { runIdSchema, threadIdSchema, type IdSchema, type IdSchemaIssue, type IdSchemaResult } from './schema';

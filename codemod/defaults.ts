/**
 * Defaults for `RuleOptions`, in one place: the CLI and `unified-id.config.json` start from these, and the rules'
 * own tests use them, so a changed default cannot drift between the engine and the rules.
 */

/** Globs (relative to the run's root, `/` separators) that mark test files: `*.test.*`, `*.spec.*`, `__tests__/`, `test/`, `tests/`. */
export const DEFAULT_TEST_FILE_PATTERNS: readonly string[] = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/__tests__/**',
  '**/test/**',
  '**/tests/**',
];

/** Property / variable / parameter names whose values are run IDs. */
export const DEFAULT_RUN_ID_NAMES: readonly string[] = ['run_id', 'runId', 'RUN_ID'];

/** Names whose values are thread IDs. */
export const DEFAULT_THREAD_ID_NAMES: readonly string[] = ['thread_id', 'threadId', 'THREAD_ID'];

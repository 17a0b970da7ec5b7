/**
 * Which files hold test data (the rule may rewrite them) and which of those the rule visits (its text prefilter).
 * Test files (`testFilePatterns`), and data for tests kept elsewhere: under `testing/`, `fixtures/`,
 * `__fixtures__/`, `mocks/`, `__mocks__/` (`src/testing/sample-runs.ts`, `test/fixtures/runs.json`).
 */
import type { RuleFileInfo } from '../../../rule';
import { isTestFile } from '../../../test-files';

const TEST_DATA_FOLDER = /(?:^|\/)(?:testing|fixtures|__fixtures__|mocks|__mocks__)\//;

/** A run ID in either historical format anywhere in a text (a cheap look, confirmed by the codec later). */
const HISTORICAL_RUN_ID = /\b(?:run|thread)_[A-Za-z0-9][\w-]*_[\da-fA-F]{8}\b/;

export function isJsonPath(relativePath: string): boolean {
  return relativePath.endsWith('.json');
}

/** JSX may appear in `.tsx`/`.jsx`, and in `.js` (React projects without the extension). */
export function mayHoldJsx(relativePath: string): boolean {
  return /\.(?:[jt]sx|[cm]?js)$/.test(relativePath);
}

/** A test file, or a file of test data under a folder that holds it. */
export function isTestData(relativePath: string, patterns: readonly string[]): boolean {
  const path = relativePath.replaceAll('\\', '/');
  return isTestFile(path, patterns) || TEST_DATA_FOLDER.test(path);
}

// One pattern per list of names: a single pass over the text instead of one per name.
const namePatterns = new WeakMap<object, RegExp | null>();

function namePattern(file: RuleFileInfo): RegExp | null {
  let pattern = namePatterns.get(file.options);
  if (pattern === undefined) {
    const names = [...file.options.runIdNames, ...file.options.threadIdNames].filter((name) => name.length > 0);
    pattern = names.length === 0 ? null : new RegExp(names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
    namePatterns.set(file.options, pattern);
  }
  return pattern;
}

/** The text names a run or thread ID: one of the configured names (also inside `TEST_RUN_ID`, `runIds`). */
export function namesIds(text: string, file: RuleFileInfo): boolean {
  return namePattern(file)?.test(text) ?? false;
}

/** The text names a run or thread ID, or holds a run ID in a historical format. */
export function mentionsIds(text: string, file: RuleFileInfo): boolean {
  return namesIds(text, file) || HISTORICAL_RUN_ID.test(text);
}

/** The rule's prefilter (`mayMatch`): test data that mentions run or thread IDs. */
export function visits(text: string, file: RuleFileInfo): boolean {
  return isTestData(file.relativePath, file.options.testFilePatterns) && mentionsIds(text, file);
}

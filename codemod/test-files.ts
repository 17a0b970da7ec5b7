import picomatch from 'picomatch';

type Matcher = (path: string) => boolean;

// Rules ask once per file with the same few pattern lists: compile each list once.
const matchers = new Map<string, Matcher>();

function matcherFor(patterns: readonly string[]): Matcher {
  const key = patterns.join('\0');
  let matcher = matchers.get(key);
  if (!matcher) {
    // `dot`: a test folder under `.github/` or `.storybook/` is still a test folder.
    matcher = patterns.length === 0 ? () => false : picomatch([...patterns], { dot: true });
    matchers.set(key, matcher);
  }
  return matcher;
}

/** True when `relativePath` (relative to the run's root, `/` or `\` separators) matches one of the test-file globs. */
export function isTestFile(relativePath: string, patterns: readonly string[]): boolean {
  return matcherFor(patterns)(relativePath.replaceAll('\\', '/'));
}

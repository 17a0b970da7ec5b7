/**
 * Local names bound to the codec: imported (or required) from `importFrom` and its subpaths, or from a configured
 * legacy ID module (the `legacy-modules` rule moves those calls to the codec). A run ID computed by calling one of
 * them (`generateRunId(t)`, `createTestIds().runId`, `IDManager.generateRunId(t)`) is this system's, so the rule
 * trusts it and does not report it as computed.
 */
import { posix } from 'node:path';
import type { RuleFileInfo } from '../../../rule';
import type { Outline } from './outline';
import type { Token } from './tokens';

const withoutExtension = (path: string) => path.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');

/** A module specifier of `file` that names the codec or a configured legacy ID module. */
function codecModuleMatcher(file: RuleFileInfo): (specifier: string) => boolean {
  const { importFrom, legacyModules } = file.options;
  const legacy = new Set(legacyModules.map((spec) => withoutExtension(posix.normalize(spec.module.replaceAll('\\', '/')))));
  const folder = posix.dirname(file.relativePath.replaceAll('\\', '/'));
  return (specifier) => {
    if (specifier === importFrom || specifier.startsWith(`${importFrom}/`)) return true;
    if (legacy.size === 0) return false;
    if (legacy.has(withoutExtension(specifier))) return true;
    return specifier.startsWith('.') && legacy.has(withoutExtension(posix.normalize(posix.join(folder, specifier))));
  };
}

/** Names bound by `import … from '<codec>'` and `… = require('<codec>')`. */
export function codecNamesOf(outline: Outline, file: RuleFileInfo): Set<string> {
  const isCodecModule = codecModuleMatcher(file);
  const names = new Set<string>();
  const tokens = outline.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== 'string' || !isCodecModule(token.value)) continue;
    if (outline.isIdent(i - 1, 'from')) {
      // Back to `import`: every bound name (`x`, `y` of `x as y`, `ns` of `* as ns`).
      for (let j = i - 2, steps = 0; j >= 0 && steps < 200 && !outline.isIdent(j, 'import'); j--, steps++) {
        const name = tokens[j] as Token;
        if (name.kind === 'ident' && name.value !== 'type' && name.value !== 'as' && !outline.isIdent(j + 1, 'as')) names.add(name.value);
      }
    } else if (outline.is(i - 1, '(') && outline.isIdent(i - 2, 'require') && outline.is(i - 3, '=')) {
      // `const x = require(…)` or `const { a, b: c } = require(…)`.
      const before = i - 4;
      if (outline.isIdent(before)) names.add((tokens[before] as Token).value);
      else if (outline.is(before, '}')) {
        const g = outline.closed[before];
        if (g !== undefined && g >= 0) {
          for (const [start, end] of outline.items(g)) {
            const last = tokens[end - 1];
            if (last && last.kind === 'ident' && end - start >= 1) names.add(last.value);
          }
        }
      }
    }
  }
  // `const ids = createRunIdGenerator()`: `ids.generate(…)` is trusted too.
  for (let i = 0; i + 3 < tokens.length; i++) {
    if (!(outline.isIdent(i, 'const') || outline.isIdent(i, 'let') || outline.isIdent(i, 'var')) || !outline.isIdent(i + 1) || !outline.is(i + 2, '=')) continue;
    let root = i + 3;
    while (outline.isIdent(root, 'await') || outline.isIdent(root, 'new')) root++;
    const token = tokens[root];
    if (token && token.kind === 'ident' && names.has(token.value)) names.add((tokens[i + 1] as Token).value);
  }
  return names;
}

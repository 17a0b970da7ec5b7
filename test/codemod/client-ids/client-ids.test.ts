/**
 * `client-ids` beyond its fixture pairs (fixtures/codemod/client-ids): it never edits, its `clientFiles` option comes
 * from `unified-id.config.json`, and it says nothing on the HTTP demo's server, which mints ids as a server should.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUN_ID_NAMES, DEFAULT_TEST_FILE_PATTERNS, DEFAULT_THREAD_ID_NAMES } from '../../../codemod/defaults';
import { ConfigError, parseConfig } from '../../../codemod/engine/config';
import { resolveSettings } from '../../../codemod/engine/settings';
import type { RuleOptions, RuleResult } from '../../../codemod/rule';
import { clientIdsRule } from '../../../codemod/rules/client-ids/index';
import { allRules } from '../../../codemod/rules/index';

const options = (clientFilePatterns?: readonly string[]): RuleOptions => ({
  importFrom: 'unified-id',
  testFilePatterns: DEFAULT_TEST_FILE_PATTERNS,
  runIdNames: DEFAULT_RUN_ID_NAMES,
  threadIdNames: DEFAULT_THREAD_ID_NAMES,
  legacyModules: [],
  ...(clientFilePatterns ? { clientFilePatterns } : {}),
});

function apply(relativePath: string, text: string, ruleOptions: RuleOptions): RuleResult {
  const filePath = `/project/${relativePath}`;
  const info = { filePath, relativePath, options: ruleOptions };
  if (!clientIdsRule.mayMatch(text, info)) return { edits: [], warnings: [] };
  const sourceFile = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, relativePath.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  return clientIdsRule.apply({ ...info, text, sourceFile, ts });
}

const MINTING_CLIENT = "import { v4 } from 'uuid';\nexport const threadId = v4();\n";

describe('client-ids', () => {
  it('is registered, runs first (its lines are those of the file as read) and needs no types', () => {
    expect(allRules[0]).toBe(clientIdsRule);
    expect(clientIdsRule.needsTypes).toBe(false);
  });

  it('reports minting only in client files, and only when clientFiles names some', () => {
    expect(apply('src/client/a.ts', MINTING_CLIENT, options(['src/client/**'])).warnings.map((warning) => warning.code)).toEqual(['client-mints-id']);
    expect(apply('src/server/a.ts', MINTING_CLIENT, options(['src/client/**'])).warnings).toEqual([]);
    expect(apply('src/client/a.ts', MINTING_CLIENT, options()).warnings).toEqual([]);
  });

  it('never edits: every result has no edits, and a warning says what to do instead', () => {
    const result = apply('src/client/a.ts', MINTING_CLIENT, options(['src/client/**']));
    expect(result.edits).toEqual([]);
    expect(result.warnings[0]?.message).toContain('Adopt the id the server sends');
    expect(result.warnings[0]).toMatchObject({ line: 2, column: 25 });
  });

  it('says nothing on the HTTP demo: the server mints (its job), the client only adopts', () => {
    for (const file of ['server.mjs', 'client.mjs', 'main.mjs']) {
      const text = readFileSync(join(import.meta.dirname, '../../../fixtures/demo-http', file), 'utf8');
      expect(apply(file, text, options(['client.mjs', 'main.mjs'])), file).toEqual({ edits: [], warnings: [] });
    }
    // The server is checked as if it were client code too: it does mint, so the rule does see its calls.
    const server = readFileSync(join(import.meta.dirname, '../../../fixtures/demo-http/server.mjs'), 'utf8');
    expect(apply('server.mjs', server, options(['server.mjs'])).warnings.map((warning) => warning.code)).toEqual(['client-mints-id', 'client-mints-id']);
  });
});

describe('the clientFiles setting', () => {
  const root = mkdtempSync(join(tmpdir(), 'unified-id-client-ids-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is read from unified-id.config.json into the rule options', async () => {
    writeFileSync(join(root, 'unified-id.config.json'), JSON.stringify({ clientFiles: ['web/**'] }));
    const settings = await resolveSettings({ root });
    expect(settings.ruleOptions.clientFilePatterns).toEqual(['web/**']);
  });

  it('must be an array of non-empty strings', () => {
    expect(parseConfig({ clientFiles: ['src/client/**'] }, 'c.json')).toEqual({ clientFiles: ['src/client/**'] });
    expect(() => parseConfig({ clientFiles: 'src/client/**' }, 'c.json')).toThrow(ConfigError);
    expect(() => parseConfig({ clientFiles: [''] }, 'c.json')).toThrow('"clientFiles" must be an array of non-empty strings');
  });
});

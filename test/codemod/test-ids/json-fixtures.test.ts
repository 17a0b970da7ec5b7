/**
 * JSON fixture pairs (`fixtures/codemod/test-ids/<case>.input.json` + `.output.json` + optional `.warnings.json`),
 * parsed as the engine hands JSON to rules (`ts.ScriptKind.JSON`) at the path `test/fixtures/<case>.json`. The shared
 * fixture harness reads only script files; JSON cases live here. Only exact string values change: keys and strings
 * that merely contain an ID stay, with a warning.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTo } from './harness';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/codemod/test-ids');
const INPUT = /^(.+)\.input\.json$/;

describe('fixtures/codemod/test-ids JSON cases', () => {
  const cases = readdirSync(FIXTURES).filter((file) => INPUT.test(file));

  it('has JSON cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const file of cases) {
    const caseName = (INPUT.exec(file) as RegExpExecArray)[1] as string;
    it(caseName, () => {
      const input = readFileSync(join(FIXTURES, file), 'utf8');
      const outputPath = join(FIXTURES, `${caseName}.output.json`);
      const warningsPath = join(FIXTURES, `${caseName}.warnings.json`);
      const expected = existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : input;
      const expectedWarnings: unknown = existsSync(warningsPath) ? JSON.parse(readFileSync(warningsPath, 'utf8')) : [];
      const path = `test/fixtures/${caseName}.json`;

      const first = applyTo(path, input, undefined);
      expect(first.text).toBe(expected);
      expect(first.warnings.map(({ code, line }) => ({ code, line }))).toEqual(expectedWarnings);
      expect(() => JSON.parse(first.text) as unknown).not.toThrow();
      expect(applyTo(path, first.text, undefined).text).toBe(first.text);
    });
  }
});

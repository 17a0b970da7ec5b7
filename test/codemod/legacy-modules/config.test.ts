/** `legacyModules` in `unified-id.config.json`: strings or `{ module, map }`, checked strictly; flags add plain modules. */
import { describe, expect, it } from 'vitest';
import { ConfigError, mergeLegacyModules, parseConfig } from '../../../codemod/engine/config';

const parse = (legacyModules: unknown) => parseConfig({ legacyModules }, 'unified-id.config.json');

describe('legacyModules config', () => {
  it('reads strings and objects as module specs', () => {
    expect(parse(['src/lib/ids.ts', { module: 'src/utils/run-id-generator.ts', map: { isValidRunId: 'isRunId', mkRun: 'generateRunId' } }, { module: '@acme/ids' }]).legacyModules).toEqual([
      { module: 'src/lib/ids.ts' },
      { module: 'src/utils/run-id-generator.ts', map: { isValidRunId: 'isRunId', mkRun: 'generateRunId' } },
      { module: '@acme/ids' },
    ]);
  });

  it.each([
    ['not an array', 'src/ids.ts', '"legacyModules" must be an array'],
    ['an empty string', [''], 'legacyModules[0] must be a non-empty string'],
    ['a number', [3], 'legacyModules[0] must be an array of module paths'],
    ['an unknown key', [{ module: 'a.ts', maps: {} }], 'legacyModules[0]: unknown key "maps" (known: module, map)'],
    ['no module', [{ map: {} }], 'legacyModules[0]: "module" must be a non-empty string'],
    ['a map that is a list', [{ module: 'a.ts', map: ['isRunId'] }], 'legacyModules[0].map must be an object'],
    ['a module listed twice', ['a.ts', { module: 'a.ts', map: {} }], 'legacyModules[1]: module "a.ts" is listed twice'],
    ['a map key that is not a name', [{ module: 'a.ts', map: { 'is valid': 'isRunId' } }], '"is valid" is not an exported name'],
  ])('rejects %s', (_label, value, message) => {
    expect(() => parse(value)).toThrow(ConfigError);
    expect(() => parse(value)).toThrow(message);
  });

  it('rejects a map value that is not a unified-id export, naming the known ones', () => {
    let error: unknown;
    try {
      parse([{ module: 'src/ids.ts', map: { isValidRunId: 'isRunID' } }]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'unified-id.config.json: legacyModules[0].map.isValidRunId: "isRunID" is not a unified-id export the codemod can call (known: createTestIds, extractThreadId, generateRunId, generateThreadId, isCanonicalRunId, isLegacyRunId, isRunId, parseRunId, threadIdOf, toCanonicalRunId, validateIdPair)',
    );
    expect(() => parse([{ module: 'src/ids.ts', map: { isValidRunId: 42 } }])).toThrow('42 is not a unified-id export');
  });

  it('still names every known key for an unknown top-level key', () => {
    expect(() => parseConfig({ legacyModule: [] }, 'c.json')).toThrow('c.json: unknown key "legacyModule" (known: importFrom, rules, include, exclude, testFilePatterns, runIdNames, threadIdNames, clientFiles, legacyModules)');
  });

  it('merges --legacy-module strings after the config entries, keeping a configured map', () => {
    const configured = [{ module: 'src/ids.ts', map: { mkRun: 'generateRunId' } }];
    expect(mergeLegacyModules(['src/ids.ts', '@acme/ids'], configured)).toEqual([{ module: 'src/ids.ts', map: { mkRun: 'generateRunId' } }, { module: '@acme/ids' }]);
    expect(mergeLegacyModules(['@acme/ids'], undefined)).toEqual([{ module: '@acme/ids' }]);
    expect(mergeLegacyModules(undefined, undefined)).toEqual([]);
  });
});

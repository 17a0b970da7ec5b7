/**
 * The historical ID API as data: every name of the list (both spellings) has its role and a unified
 * export to go to, config maps win over the defaults, and the legacy-module sniffer tells the codebase's old ID
 * modules from the package's own code, tests full of legacy literals, and lookalikes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as unified from '../../../src/index';
import * as testing from '../../../src/testing/index';
import { DEFAULT_EXPORT, HISTORICAL_API, UNIFIED_EXPORTS, legacyRoleOf, legacyTargetOf, looksLikeLegacyModule, type LegacyRole } from '../../../codemod/legacy-api';
import { repoRoot } from '../thread-access/harness';

const expectedRoles: Readonly<Record<string, LegacyRole>> = {
  generateRunId: 'generate',
  extractThreadId: 'extract-thread',
  extractThreadIdFromRunId: 'extract-thread',
  validateRunId: 'validate',
  isValidRunId: 'validate',
  validateRunIdFormat: 'validate',
  isLegacyRunId: 'legacy-check',
  parseRunId: 'parse',
  validateIdPair: 'pair',
  createTestIds: 'test-ids',
  migrateLegacyRunIdToStandard: 'to-canonical',
  toCanonical: 'to-canonical',
  toCanonicalRunId: 'to-canonical',
  getOrGenerateRunId: 'get-or-generate',
  generateThreadId: 'generate-thread',
};

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

describe('HISTORICAL_API', () => {
  it.each(Object.entries(expectedRoles))('%s has its role in both spellings', (name, role) => {
    expect(HISTORICAL_API.get(name)).toBe(role);
    expect(HISTORICAL_API.get(snake(name))).toBe(role);
    expect(legacyRoleOf(name)).toBe(role);
  });

  it('knows the `…ID…` spelling and nothing that is not an ID function', () => {
    expect(HISTORICAL_API.get('validateIDPair')).toBe('pair');
    expect(HISTORICAL_API.get('extractThreadIDFromRunID')).toBe('extract-thread');
    for (const name of ['describe', 'LEGACY_PREFIX', 'getThreadId', 'randomHex', 'IDManager', 'constructor', 'toString']) expect(legacyRoleOf(name), name).toBeUndefined();
  });

  it('sends every role to a real export of unified-id (or its test kit) that plays that role', () => {
    const exported: Record<string, unknown> = { ...unified };
    const testKit: Record<string, unknown> = { ...testing };
    for (const [name, target] of UNIFIED_EXPORTS) {
      expect(typeof (target.entry === 'testing' ? testKit : exported)[name], name).toBe('function');
    }
    for (const [role, name] of Object.entries(DEFAULT_EXPORT)) {
      const target = UNIFIED_EXPORTS.get(name);
      expect(target, role).toBeDefined();
      // get-or-generate becomes `runId ?? generateRunId(threadId)`: the export it uses is the generator.
      expect(role === 'get-or-generate' ? 'generate' : role, role).toBe(target!.role);
    }
    for (const role of new Set(HISTORICAL_API.values())) expect(DEFAULT_EXPORT[role], role).toBeDefined();
  });
});

describe('legacyRoleOf / legacyTargetOf under a map', () => {
  const map = { isValidRunId: 'isCanonicalRunId', mkRun: 'generateRunId', getThreadIdFromRunId: 'threadIdOf', parseRunId: 'notAnExport' };
  it('map entries win; a mapped name takes the role of its export', () => {
    expect(legacyRoleOf('mkRun', map)).toBe('generate');
    expect(legacyRoleOf('mkRun')).toBeUndefined();
    expect(legacyTargetOf('isValidRunId', map)).toEqual({ role: 'validate', target: UNIFIED_EXPORTS.get('isCanonicalRunId'), explicit: true });
    expect(legacyTargetOf('isValidRunId')).toEqual({ role: 'validate', target: UNIFIED_EXPORTS.get('isRunId'), explicit: false });
    expect(legacyTargetOf('getThreadIdFromRunId', map)?.target.name).toBe('threadIdOf');
    expect(legacyTargetOf('createTestIds')?.target.entry).toBe('testing');
  });
  it('a map value that is not an export gives no role (the config check rejects it first)', () => {
    expect(legacyRoleOf('parseRunId', map)).toBeUndefined();
    expect(legacyTargetOf('parseRunId', map)).toBeUndefined();
  });
  it('reads only own keys of the map', () => {
    expect(legacyRoleOf('toString', {})).toBeUndefined();
    expect(legacyRoleOf('hasOwnProperty', {})).toBeUndefined();
  });
});

describe('looksLikeLegacyModule', () => {
  const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

  it('recognizes the old ID modules of the fixtures and the demo (templates, a prefix constant, statics)', () => {
    for (const path of ['fixtures/codemod/legacy-modules/legacy-ids.ts', 'fixtures/codemod/legacy-modules/run-id-generator.ts', 'fixtures/demo-backend/src/legacy/run-ids.ts']) {
      expect(looksLikeLegacyModule(read(path)), path).toBe(true);
    }
  });

  it('recognizes concatenations, CommonJS exports and export lists', () => {
    expect(looksLikeLegacyModule("function generate_run_id(t) { return 'run_' + t + '_' + hex(); }\nmodule.exports = { generate_run_id };\n")).toBe(true);
    expect(looksLikeLegacyModule("exports.createRunId = (t) => 'thread_' + t + '_run_' + Date.now() + '_' + hex();\n")).toBe(true);
    expect(looksLikeLegacyModule('const make = (t: string) => `run_${t}_${hex()}`;\nexport { make as x, isValidRunId };\n')).toBe(true);
    expect(looksLikeLegacyModule('export class Ids {\n  static extract_thread_id(id: string) { return id; }\n  static next(t: string) { return `thread_${t}_run_${Date.now()}_${hex()}`; }\n}\n')).toBe(true);
  });

  it('rejects the package itself, tests full of legacy literals, and lookalikes', () => {
    for (const path of ['src/generator.ts', 'src/parse.ts', 'src/testing/test-ids.ts', 'codemod/legacy-api.ts']) expect(looksLikeLegacyModule(read(path)), path).toBe(false);
    // Legacy literals, no export of an ID function.
    expect(looksLikeLegacyModule("it('routes', () => {\n  const id = `run_${thread}_${suffix}`;\n  expect(extractThreadId('run_support_0a1b2c3d')).toBe('support');\n});\n")).toBe(false);
    // Exports a historical name, builds nothing in a historical format (UUIDs).
    expect(looksLikeLegacyModule("export function generateRunId(): string {\n  return crypto.randomUUID(); // run_ ids are gone\n}\n")).toBe(false);
    // A format-like template in a module that exports no ID function.
    expect(looksLikeLegacyModule('export const key = (a: string, b: string) => `run_${a}_${b}`;\n')).toBe(false);
    expect(looksLikeLegacyModule('')).toBe(false);
  });
});

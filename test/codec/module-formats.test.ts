/**
 * The built ESM (dist/index.js) and CommonJS (dist/index.cjs) copies loaded in one process share one state:
 * parse-failure counts, listeners and the default generator, and each recognises the other's RunIdError.
 * Needs dist/ (`npm test` builds first).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Codec from '../../src/index';

const dist = resolve(__dirname, '../../dist');
let esm: typeof Codec;
let cjs: typeof Codec;

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

beforeAll(async () => {
  for (const file of ['index.js', 'index.cjs']) {
    if (!existsSync(resolve(dist, file))) throw new Error(`dist/${file} is missing: run "npm run build" first (npm test does)`);
  }
  esm = (await import(pathToFileURL(resolve(dist, 'index.js')).href)) as typeof Codec;
  cjs = createRequire(__filename)(resolve(dist, 'index.cjs')) as typeof Codec;
});

describe('ESM and CommonJS copies in one process', () => {
  it('are two copies', () => {
    expect(esm.RunIdError).not.toBe(cjs.RunIdError);
    expect(esm.parseRunId).not.toBe(cjs.parseRunId);
  });

  it('recognise each other’s RunIdError with instanceof', () => {
    const fromCjs = thrownBy(() => cjs.parseRunId('nope'));
    const fromEsm = thrownBy(() => esm.parseRunId('nope'));
    expect(fromCjs).toBeInstanceOf(esm.RunIdError);
    expect(fromEsm).toBeInstanceOf(cjs.RunIdError);
    expect(new Error('x')).not.toBeInstanceOf(esm.RunIdError);
    expect(esm.RunIdError.name).toBe('RunIdError');
  });

  it('count parse failures in one place and call listeners registered through either copy', () => {
    esm.resetParseFailureCounts();
    const heard: string[] = [];
    const stopEsm = esm.onParseFailure((error) => heard.push(`esm:${error.code}`));
    const stopCjs = cjs.onParseFailure((error) => heard.push(`cjs:${error.code}`));
    cjs.safeParseRunId('nope');
    esm.safeParseRunId('');
    stopEsm();
    stopCjs();
    expect(heard).toEqual(['esm:INVALID_PREFIX', 'cjs:INVALID_PREFIX', 'esm:EMPTY', 'cjs:EMPTY']);
    expect(esm.getParseFailureCounts()).toMatchObject({ INVALID_PREFIX: 1, EMPTY: 1 });
    expect(cjs.getParseFailureCounts()).toEqual(esm.getParseFailureCounts());
    cjs.resetParseFailureCounts();
    expect(esm.getParseFailureCounts().INVALID_PREFIX).toBe(0);
  });

  it('draw from one default generator, so IDs stay strictly increasing across copies', () => {
    const ids = Array.from({ length: 200 }, (_, i) => (i % 2 ? cjs : esm).generateRunId('t'));
    for (let i = 1; i < ids.length; i++) expect(esm.compareRunIds(ids[i - 1] as string, ids[i] as string)).toBe(-1);
  });
});

/** The built `unified-id/testing` entry (dist; `npm test` builds first) shares the core with `unified-id`. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const dist = resolve(__dirname, '../../dist');
const requireFromTest = createRequire(__filename);

interface Entries {
  readonly core: { RunIdError: new (...args: never[]) => Error; isRunId(value: unknown): boolean };
  readonly testing: { createTestIds(threadId?: string): { threadId: string; runId: string } };
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

beforeAll(() => {
  for (const file of ['index.js', 'index.cjs', 'testing.js', 'testing.cjs']) {
    if (!existsSync(resolve(dist, file))) throw new Error(`dist/${file} is missing: run "npm run build" first (npm test does)`);
  }
});

describe('built test kit entry', () => {
  it.each(['cjs', 'esm'] as const)('%s: its errors are the core’s RunIdError, its IDs the core’s', async (format) => {
    const entries: Entries =
      format === 'cjs'
        ? { core: requireFromTest(resolve(dist, 'index.cjs')) as Entries['core'], testing: requireFromTest(resolve(dist, 'testing.cjs')) as Entries['testing'] }
        : {
            core: (await import(pathToFileURL(resolve(dist, 'index.js')).href)) as Entries['core'],
            testing: (await import(pathToFileURL(resolve(dist, 'testing.js')).href)) as Entries['testing'],
          };
    expect(thrownBy(() => entries.testing.createTestIds('x_run'))).toBeInstanceOf(entries.core.RunIdError);
    expect(entries.core.isRunId(entries.testing.createTestIds().runId)).toBe(true);
  });
});

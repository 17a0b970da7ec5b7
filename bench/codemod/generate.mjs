// Deterministic synthetic TypeScript repository for `npm run bench:codemod`.
//
// An agent backend in miniature: services, types, utils, handlers and vitest files of 2–8 KB.
// A few percent of the test files hold hardcoded run-ID literals of the old shapes (what `test-ids`
// rewrites), 1% of the files read `ctx.thread_id` next to a run ID (what `thread-access` rewrites),
// and many more files merely mention run or thread IDs so that a text prefilter has real work to do.
// Traps that every tool must skip: `node_modules/`, `.gitignore`d folders and generated files.
//
// The manifest returned by `generateRepo` says exactly what was planted, so the benchmark can check
// that a dry run found it. Usage for inspection: `node bench/codemod/generate.mjs <dir> [files] [seed]`.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

/** Share of all files that are test files with planted run-ID literals. */
export const DEFAULT_LITERAL_RATE = 0.03;
/** Share of all files that read a thread field of a receiver carrying a run ID. */
export const DEFAULT_THREAD_READ_RATE = 0.01;

/** mulberry32: small, fast, good enough for a reproducible corpus. */
function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    hex: (length) => {
      let out = '';
      for (let i = 0; i < length; i++) out += Math.floor(next() * 16).toString(16);
      return out;
    },
    letters: (length) => {
      let out = '';
      for (let i = 0; i < length; i++) out += String.fromCharCode(97 + Math.floor(next() * 26));
      return out;
    },
  };
}

const DOMAINS = ['billing', 'agent', 'session', 'tool', 'memory', 'planner', 'message', 'user', 'workspace', 'notification',
  'audit', 'search', 'vector', 'prompt', 'stream', 'webhook', 'queue', 'cache', 'auth', 'usage', 'artifact', 'schedule'];
const NOUNS = ['Record', 'Entry', 'Request', 'Response', 'Event', 'Batch', 'Summary', 'Snapshot', 'Policy', 'Limit',
  'Cursor', 'Job', 'Task', 'Step', 'Result', 'Config', 'Token', 'Chunk', 'Window', 'Budget'];
const VERBS = ['load', 'save', 'resolve', 'merge', 'normalize', 'collect', 'dispatch', 'schedule', 'render', 'validate',
  'summarize', 'index', 'expire', 'refresh', 'compact', 'rank'];
const FIELD_TYPES = ['string', 'number', 'boolean', 'string[]', 'Date', 'Record<string, string>', 'number | null',
  'string | undefined', "'active' | 'paused' | 'done'", 'readonly number[]'];
const FIELD_NAMES = ['id', 'name', 'createdAt', 'updatedAt', 'status', 'owner', 'score', 'attempts', 'tags', 'metadata',
  'limit', 'offset', 'cursor', 'region', 'priority', 'model', 'tokens', 'latencyMs', 'retries', 'label'];

const capitalize = (s) => s[0].toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------
// Filler blocks: ordinary code that no rule touches. `mentions` makes some of them talk about run
// and thread IDs without any rewritable read or literal, as real backends do.

function interfaceBlock(random, rawName, mentions) {
  const name = capitalize(rawName);
  const count = random.int(4, 9);
  const used = new Set();
  let body = '';
  for (let i = 0; i < count; i++) {
    const field = random.pick(FIELD_NAMES);
    if (used.has(field)) continue;
    used.add(field);
    if (random.chance(0.4)) body += `  /** The ${field} of this ${name.toLowerCase()}, as reported upstream. */\n`;
    body += `  ${random.chance(0.3) ? 'readonly ' : ''}${field}${random.chance(0.2) ? '?' : ''}: ${random.pick(FIELD_TYPES)};\n`;
  }
  if (mentions.run) body += `  /** Run that produced this record. */\n  readonly run_id: string;\n`;
  if (mentions.thread) body += `  /** Conversation the record belongs to. */\n  thread_id?: string;\n`;
  return `export interface ${name} {\n${body}}\n`;
}

function typeAliasBlock(random, rawName) {
  const name = capitalize(rawName);
  const members = Array.from({ length: random.int(3, 6) }, () => `'${random.letters(random.int(4, 9))}'`);
  return `export type ${name}Kind = ${[...new Set(members)].join(' | ')};\n\nexport type ${name}Map = Readonly<Record<${name}Kind, number>>;\n`;
}

function enumBlock(random, rawName) {
  const name = capitalize(rawName);
  const members = [...new Set(Array.from({ length: random.int(3, 6) }, () => capitalize(random.letters(random.int(4, 8)))))];
  return `export enum ${name}State {\n${members.map((m, i) => `  ${m} = ${i},`).join('\n')}\n}\n`;
}

function functionBlock(random, name, mentions) {
  const verb = random.pick(VERBS);
  const fn = `${verb}${capitalize(name)}`;
  const param = mentions.run ? 'runId: string, ' : '';
  const log = mentions.run ? `\n  if (items.length === 0) console.debug('empty batch for run', runId);` : '';
  const limit = random.int(10, 500);
  return `/**
 * ${capitalize(verb)}s ${name} items in batches of at most ${limit}.
 * Keeps the input order; drops entries without a key.
 */
export function ${fn}(${param}items: readonly { key?: string; weight: number }[], factor = ${random.int(1, 9)}): Map<string, number> {
  const totals = new Map<string, number>();${log}
  for (const item of items.slice(0, ${limit})) {
    if (!item.key) continue;
    const previous = totals.get(item.key) ?? 0;
    totals.set(item.key, previous + item.weight * factor);
  }
  return totals;
}
`;
}

function arrowBlock(random, name) {
  const key = random.pick(FIELD_NAMES);
  return `export const ${random.pick(VERBS)}${capitalize(name)}Keys = (rows: ReadonlyArray<Record<string, unknown>>): string[] =>
  rows
    .map((row) => row['${key}'])
    .filter((value): value is string => typeof value === 'string' && value.length > ${random.int(0, 3)})
    .sort((a, b) => a.localeCompare(b));
`;
}

function classBlock(random, rawName, mentions) {
  const name = capitalize(rawName);
  const runField = mentions.run ? `\n  private readonly byRun = new Map<string, ${name}Entry[]>();` : '';
  const runMethod = mentions.run
    ? `
  /** Entries recorded while the given run was active. */
  entriesOf(runId: string): readonly ${name}Entry[] {
    return this.byRun.get(runId) ?? [];
  }
`
    : '';
  const threadMethod = mentions.thread
    ? `
  /** Conversations are keyed by thread; the id comes from the caller. */
  forConversation(conversation: { thread_id: string; title: string }): string {
    return \`\${conversation.title} (\${conversation.thread_id})\`;
  }
`
    : '';
  return `interface ${name}Entry {
  readonly key: string;
  readonly value: number;
  readonly at: number;
}

export class ${name}Service {
  private readonly entries: ${name}Entry[] = [];${runField}
  private lastFlush = 0;

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly capacity = ${random.int(16, 4096)},
  ) {}

  record(key: string, value: number): void {
    if (this.entries.length >= this.capacity) this.entries.shift();
    this.entries.push({ key, value, at: this.clock() });
  }

  async flush(sink: (batch: readonly ${name}Entry[]) => Promise<void>): Promise<number> {
    const batch = this.entries.splice(0, this.entries.length);
    try {
      await sink(batch);
      this.lastFlush = this.clock();
      return batch.length;
    } catch (error) {
      this.entries.unshift(...batch);
      throw new Error(\`${name} flush failed after \${this.clock() - this.lastFlush} ms\`, { cause: error });
    }
  }
${runMethod}${threadMethod}}
`;
}

function constBlock(random, name) {
  const entries = Array.from({ length: random.int(3, 7) }, (_, i) => `  ${random.pick(FIELD_NAMES)}${i}: ${random.chance(0.5) ? random.int(1, 10000) : `'${random.letters(random.int(3, 10))}'`},`);
  return `export const ${name.toUpperCase()}_DEFAULTS = {\n${entries.join('\n')}\n} as const;\n`;
}

function testFillerBlock(random, name, mentions) {
  const a = random.int(1, 50);
  const b = random.int(1, 50);
  const runCheck = mentions.run
    ? `
  it('gives every ${name.toLowerCase()} run a canonical id', () => {
    const run = ${random.chance(0.1) ? `{ runId: createRunId(thread), status: 'queued' }` : `startRun(threadFor('${random.letters(5)}'))`};
    expect(run.runId).toMatch(/^thread_/);
  });
`
    : '';
  return `describe('${name} ${random.pick(VERBS)}', () => {
  let input: number[] = [];

  beforeEach(() => {
    input = [${a}, ${b}, ${a + b}];
  });

  it('adds up the batch', () => {
    expect(input.reduce((sum, value) => sum + value, 0)).toBe(${2 * (a + b)});
  });

  it('keeps the order of ${random.letters(6)}', () => {
    const sorted = [...input].sort((x, y) => x - y);
    expect(sorted[0]).toBeLessThanOrEqual(sorted[1] ?? 0);
    expect(input).toHaveLength(3);
  });
${runCheck}});
`;
}

function fillerFor(kind, random, name, mentions) {
  switch (kind) {
    case 'types':
      return random.pick([
        () => interfaceBlock(random, `${name}${random.pick(NOUNS)}`, mentions),
        () => typeAliasBlock(random, `${name}${random.pick(NOUNS)}`),
        () => enumBlock(random, `${name}${random.pick(NOUNS)}`),
      ])();
    case 'utils':
      return random.pick([
        () => functionBlock(random, `${name}${random.pick(NOUNS)}`, mentions),
        () => arrowBlock(random, `${name}${random.pick(NOUNS)}`),
        () => constBlock(random, `${name}${random.int(1, 999)}`),
      ])();
    case 'test':
      return testFillerBlock(random, `${name}${random.pick(NOUNS)}`, mentions);
    default:
      return random.pick([
        () => classBlock(random, `${name}${random.pick(NOUNS)}${random.int(1, 99)}`, mentions),
        () => functionBlock(random, `${name}${random.pick(NOUNS)}`, mentions),
        () => interfaceBlock(random, `${name}${random.pick(NOUNS)}${random.int(1, 99)}`, mentions),
      ])();
  }
}

/** File sizes: a triangular distribution over 2–8 KB, centred on 5 KB. */
function targetSize(random) {
  return 2048 + Math.floor(((random.next() + random.next()) / 2) * 6144);
}

function padWithFiller(random, kind, name, head, planted, mentions, size) {
  let text = head + planted;
  // A numbered name per block: no duplicate declarations within a file.
  for (let block = 0; text.length < size; block++) text += '\n' + fillerFor(kind, random, `${name}V${block}`, mentions);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Planted test-ID blocks. Each returns its text and what `test-ids` must do with it. Within one file
// every block uses a different original value, so no original is asked to pair with two threads.

/** Old run-ID shapes, one per block of a file (indices into this list are never reused in a file). */
const RUN_SHAPES = [
  () => 'test-run',
  (random) => `test_run_${random.int(1, 9)}`,
  (random) => `run-${random.letters(3)}`,
  (random) => `run_user_${random.hex(8)}`,
  (random) => `r${random.int(1, 9)}`,
  (random) => `run-id-${random.int(10, 99)}`,
];

/**
 * The thread planted beside a run: fixed per original value across the whole corpus (the codemod decides each
 * original once for the project, so one original planted with two threads would rightly be left alone).
 */
function threadNumberOf(runId) {
  let sum = 0;
  for (const character of runId) sum += character.charCodeAt(0);
  return 1 + (sum % 9);
}

const PLANTED_BLOCKS = [
  // Object pair (camelCase) with the original repeated in a lookup and an assertion.
  (random, k, runId) => ({
    text: `describe('run store ${k}', () => {
  it('keeps the run and its thread together', () => {
    const store = new RunStore();
    const run = { runId: '${runId}', threadId: 'thread ${threadNumberOf(runId)}', status: 'done' };
    store.save(run);
    expect(store.get('${runId}')).toEqual(run);
    expect(run.runId).toBe('${runId}');
  });
});
`,
    runIdSites: 1,
    repeatedSites: 2,
    invalidThreadSites: 1,
  }),
  // The issue's snake_case pair, asserted once.
  (random, k, runId) => ({
    text: `describe('event router ${k}', () => {
  it('routes a token event to the socket of its thread', () => {
    const event = { run_id: '${runId}', thread_id: 'thread ${threadNumberOf(runId)}', type: 'token', payload: 'hi' };
    const routed = routeEvent(event);
    expect(routed.run_id).toBe('${runId}');
  });
});
`,
    runIdSites: 1,
    repeatedSites: 1,
    invalidThreadSites: 1,
  }),
  // A RUN_ID constant inside the test, asserted through a parser.
  (random, k, runId) => ({
    text: `describe('event parser ${k}', () => {
  it('reads the run of a raw event', () => {
    const RUN_ID = '${runId}';
    const parsed = parseRawEvent(\`{"run":"\${RUN_ID}","seq":${random.int(1, 99)}}\`);
    expect(parsed.runId).toBe('${runId}');
  });
});
`,
    runIdSites: 1,
    repeatedSites: 1,
    invalidThreadSites: 0,
  }),
  // A parameter default and a variable of the same original.
  (random, k, runId) => ({
    text: `function makeRun${k}(runId = '${runId}') {
  return { runId, startedAt: ${random.int(1000, 9999)} };
}

describe('run factory ${k}', () => {
  it('defaults the run id', () => {
    const runId = '${runId}';
    expect(makeRun${k}().runId).toBe(runId);
  });
});
`,
    runIdSites: 2,
    repeatedSites: 0,
    invalidThreadSites: 0,
  }),
  // A plain template literal as the run-ID value.
  (random, k, runId) => ({
    text: `describe('run fixture ${k}', () => {
  it('uses a fixed fixture', () => {
    const fixture = { runId: \`${runId}\`, status: 'done', steps: ${random.int(1, 20)} };
    expect(fixture.status).toBe('done');
  });
});
`,
    runIdSites: 1,
    repeatedSites: 0,
    invalidThreadSites: 0,
  }),
];

/** Imports of a test file at `path` (the support module is imported relative to it). */
function testHead(path) {
  const up = '../'.repeat(path.split('/').length - 1);
  return `import { describe, it, expect, beforeEach } from 'vitest';
import { RunStore, createRunId, startRun, threadFor, routeEvent, parseRawEvent } from '${up}src/utils/run-store';

const thread = threadFor('bench');
`;
}

function plantedTestFile(random, path, k, size) {
  const blockCount = random.int(1, 3);
  const shapeOrder = [...RUN_SHAPES.keys()].sort(() => random.next() - 0.5);
  const counts = { runIdSites: 0, repeatedSites: 0, invalidThreadSites: 0 };
  let planted = '';
  for (let i = 0; i < blockCount; i++) {
    const runId = RUN_SHAPES[shapeOrder[i]](random);
    const block = random.pick(PLANTED_BLOCKS)(random, `${k}_${i}`, runId);
    planted += '\n' + block.text;
    counts.runIdSites += block.runIdSites;
    counts.repeatedSites += block.repeatedSites;
    counts.invalidThreadSites += block.invalidThreadSites;
  }
  // Threads are 'thread <digit>': two blocks may share one, which is consistent, not a conflict.
  return { text: padWithFiller(random, 'test', random.pick(DOMAINS), testHead(path), planted, { run: false, thread: false }, size), counts };
}

// Planted thread reads: three reads of a receiver that carries a run ID, one read that must stay.
function threadReadFile(random, k, size) {
  const head = `import type { RunContext, RunEvent, Conversation } from '../../types/run-context';
import { logger } from '../../utils/logger';
`;
  const planted = `
/** Routes streamed events of one run to the socket of its thread. */
export function routeChannel${k}(ctx: RunContext, suffix: string): string {
  const channel = \`thread:\${ctx.thread_id}:\${suffix}\`;
  logger.debug('route', ctx.run_id, channel);
  return channel;
}

export function threadOfEvent${k}(event: RunEvent | undefined): string | undefined {
  return event?.threadId;
}

/** A conversation has no run, so its thread field is the only source and stays a plain read. */
export function sameThread${k}(run: RunContext, conversation: Conversation): boolean {
  return run.thread_id === conversation.thread_id;
}
`;
  return {
    text: padWithFiller(random, 'service', random.pick(DOMAINS), head, planted, { run: false, thread: false }, size + random.int(0, 512)),
    threadReads: 3,
    untouchedReads: 1,
  };
}

// A near miss for `test-ids`: a test file that mentions run IDs but holds nothing to rewrite.
function nearMissTestFile(random, path, k, size) {
  const canonical = random.chance(0.5)
    ? `
describe('known runs ${k}', () => {
  it('accepts a canonical id', () => {
    const known = { runId: 'thread_t${random.int(1, 9)}_run_1700000000000_${random.hex(8)}', status: 'done' };
    expect(known.status).toBe('done');
  });
});
`
    : '';
  return padWithFiller(random, 'test', random.pick(DOMAINS), testHead(path), canonical, { run: true, thread: false }, size);
}

// ---------------------------------------------------------------------------------------------
// Fixed support files (counted in the repo's file total).

const SUPPORT_FILES = {
  // Where run contexts and events come from: this system's run IDs (the provenance `thread-access` needs).
  'src/runs/start.ts': `import type { RunContext, RunEvent } from '../types/run-context';

/** The run every new conversation starts with, in this system's legacy format. */
export const firstRun: RunContext = { run_id: 'run_support_0000abcd', thread_id: 'support', user_id: 'u1', startedAt: 0 };

export const firstEvent: RunEvent = { runId: 'run_support_0000abcd', threadId: 'support', type: 'token' };
`,
  'src/types/run-context.ts': `/** What a run executor hands to every step. */
export interface RunContext {
  readonly run_id: string;
  readonly thread_id: string;
  readonly user_id: string;
  readonly startedAt: number;
}

/** A streamed event, camelCase as it goes over the WebSocket. */
export interface RunEvent {
  readonly runId: string;
  readonly threadId: string;
  readonly type: 'token' | 'tool' | 'done';
  readonly payload?: unknown;
}

/** A conversation: a thread without any run. */
export interface Conversation {
  readonly thread_id: string;
  readonly title: string;
}
`,
  'src/utils/logger.ts': `type Level = 'debug' | 'info' | 'warn' | 'error';

let silent = false;

export function silence(): void {
  silent = true;
}

function write(level: Level, args: readonly unknown[]): void {
  if (silent) return;
  console[level === 'debug' ? 'log' : level](\`[\${level}]\`, ...args);
}

export const logger = {
  debug: (...args: unknown[]): void => write('debug', args),
  info: (...args: unknown[]): void => write('info', args),
  warn: (...args: unknown[]): void => write('warn', args),
  error: (...args: unknown[]): void => write('error', args),
};
`,
  'src/utils/run-store.ts': `export interface StoredRun {
  readonly runId: string;
  readonly threadId?: string;
  readonly status?: string;
}

export class RunStore {
  private readonly runs = new Map<string, StoredRun>();

  save(run: StoredRun): void {
    this.runs.set(run.runId, run);
  }

  get(runId: string): StoredRun | undefined {
    return this.runs.get(runId);
  }
}

export const threadFor = (name: string): string => \`thread-\${name}\`;
export const createRunId = (thread: string): string => \`thread_\${thread}_run_\${Date.now()}_00000000\`;
export const startRun = (thread: string): StoredRun => ({ runId: createRunId(thread), threadId: thread, status: 'queued' });
export const routeEvent = <T extends { run_id: string }>(event: T): T => event;
export const parseRawEvent = (raw: string): { runId: string } => ({ runId: (JSON.parse(raw) as { run: string }).run });
`,
};

const ROOT_FILES = {
  'tsconfig.json': `${JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
    include: ['src', 'test'],
  }, null, 2)}\n`,
  '.gitignore': '# build output and caches\ndist/\ncoverage/\n*.log\n.cache/\n',
  'package.json': `${JSON.stringify({ name: 'bench-agent-backend', private: true, type: 'module' }, null, 2)}\n`,
};

/** Files every tool must skip. Each would be rewritten if it were (wrongly) processed. */
function trapFiles(random) {
  const planted = plantedTestFile(random, 'test/snapshots/api.test.ts', 'trap', 2500).text;
  return {
    'node_modules/@acme/ids/package.json': '{ "name": "@acme/ids", "version": "1.0.0", "main": "index.js" }\n',
    'node_modules/@acme/ids/index.js': "exports.runId = 'test-run';\n",
    'node_modules/@acme/ids/src/ids.test.ts': planted,
    'node_modules/@acme/ids/src/context.ts': threadReadFile(random, 'Trap', 2500).text,
    'node_modules/left-pad/index.ts': "export const run_id = 'test-run';\n",
    'dist/app.test.ts': planted,
    'coverage/run.test.ts': planted,
    'src/generated/client.test.ts': planted,
    'test/snapshots/api.test.ts': `// @generated by openapi-gen. Do not edit.\n${planted}`,
  };
}

/**
 * Writes a repository of exactly `files` discoverable TypeScript files under `dir` (emptied first).
 * Returns the manifest: paths by role and the exact planted counts.
 */
export function generateRepo({ dir, files, seed = 20260517, literalRate = DEFAULT_LITERAL_RATE, threadReadRate = DEFAULT_THREAD_READ_RATE }) {
  rmSync(dir, { recursive: true, force: true });
  const random = createRandom(seed ^ files);
  const write = (relativePath, text) => {
    const path = join(dir, relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };

  for (const [path, text] of Object.entries(ROOT_FILES)) write(path, text);
  for (const [path, text] of Object.entries(SUPPORT_FILES)) write(path, text);
  const traps = trapFiles(random);
  for (const [path, text] of Object.entries(traps)) write(path, text);

  const manifest = {
    dir,
    files,
    seed,
    bytes: 0,
    testFiles: 0,
    plantedTestFiles: [],
    planted: { runIdSites: 0, repeatedSites: 0, invalidThreadSites: 0 },
    threadReadFiles: [],
    threadReads: 0,
    untouchedThreadReads: 0,
    nearMissTestFiles: 0,
    trapFiles: Object.keys(traps),
  };

  const sizes = [];
  const generated = files - Object.keys(SUPPORT_FILES).length;
  const plantedCount = Math.round(files * literalRate);
  const threadCount = Math.round(files * threadReadRate);
  // Spread the planted files evenly through the sequence so every shard / batch sees some.
  const plantedAt = new Set(Array.from({ length: plantedCount }, (_, i) => Math.floor(((i + 0.5) * generated) / plantedCount)));
  const threadAt = new Set(Array.from({ length: threadCount }, (_, i) => Math.floor(((i + 0.25) * generated) / threadCount)));

  for (let index = 0; index < generated; index++) {
    const domain = DOMAINS[index % DOMAINS.length];
    const size = targetSize(random);
    const id = index.toString().padStart(5, '0');
    let path;
    let text;
    if (plantedAt.has(index)) {
      path = `test/${domain}/${domain}-${id}.test.ts`;
      const file = plantedTestFile(random, path, id, size);
      text = file.text;
      manifest.plantedTestFiles.push(path);
      for (const key of Object.keys(manifest.planted)) manifest.planted[key] += file.counts[key];
      manifest.testFiles++;
    } else if (threadAt.has(index)) {
      path = `src/handlers/${domain}/route-${id}.ts`;
      const file = threadReadFile(random, id, size);
      text = file.text;
      manifest.threadReadFiles.push(path);
      manifest.threadReads += file.threadReads;
      manifest.untouchedThreadReads += file.untouchedReads;
    } else {
      const roll = random.next();
      const name = `${domain}${random.pick(NOUNS)}`;
      // Roughly: 30% tests, 28% services, 12% types, 18% utils, 12% handlers.
      if (roll < 0.3) {
        const colocated = random.chance(0.3);
        path = colocated ? `src/services/${domain}/__tests__/${name}-${id}.test.ts` : `test/${domain}/${name}-${id}.test.ts`;
        if (random.chance(0.35)) {
          text = nearMissTestFile(random, path, id, size);
          manifest.nearMissTestFiles++;
        } else {
          text = padWithFiller(random, 'test', name, testHead(path), '', { run: false, thread: false }, size);
        }
        manifest.testFiles++;
      } else {
        const kind = roll < 0.58 ? 'service' : roll < 0.7 ? 'types' : roll < 0.88 ? 'utils' : 'handler';
        const folder = { service: 'services', types: 'types', utils: 'utils', handler: 'handlers' }[kind];
        path = `src/${folder}/${domain}/${name}-${id}.ts`;
        const mentions = { run: random.chance(0.4), thread: random.chance(0.25) };
        const head = kind === 'service' || kind === 'handler' ? "import { logger } from '../../utils/logger';\n" : '';
        text = padWithFiller(random, kind === 'handler' ? 'service' : kind, name, head, '', mentions, size);
        if (head && !text.includes('logger.')) text += `\nlogger.debug('${name} loaded');\n`;
      }
    }
    write(path, text);
    sizes.push(Buffer.byteLength(text));
  }
  for (const text of Object.values(SUPPORT_FILES)) sizes.push(Buffer.byteLength(text));
  sizes.sort((a, b) => a - b);
  manifest.bytes = sizes.reduce((sum, size) => sum + size, 0);
  manifest.fileBytes = { min: sizes[0], median: sizes[Math.floor(sizes.length / 2)], max: sizes[sizes.length - 1] };
  return manifest;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, files = '1000', seed = '20260517'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/codemod/generate.mjs <dir> [files] [seed]');
    process.exit(2);
  }
  const manifest = generateRepo({ dir, files: Number(files), seed: Number(seed) });
  console.log(JSON.stringify({ ...manifest, plantedTestFiles: manifest.plantedTestFiles.length, threadReadFiles: manifest.threadReadFiles.length }, null, 2));
}

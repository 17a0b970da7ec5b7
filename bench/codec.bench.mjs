/* global process, console, performance */
// Codec benchmark: `npm run bench` (builds, then `node --expose-gc bench/codec.bench.mjs`).
//
// Every contender runs in the same process, on the same pre-generated inputs (1024 varied IDs, so branch
// predictors and caches see realistic variety). Each comparison group is measured in interleaved rounds:
// every round times each contender of the group for ~ROUND_MS of CPU time, back to back, in rotating order,
// after a GC. Reported: the median ops/s over the rounds, and for each comparison the median of the
// per-round ratios (base and peer measured seconds apart, so a change in machine load hits both).
// A hand-rolled loop rather than tinybench: tinybench times each call separately, and its per-call
// overhead is larger than the ~50 ns operations measured here, which would squash every ratio toward 1.
//
// Environment: ROUNDS (default 15), ROUND_MS (default 60).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { nanoid } from 'nanoid';
import { typeidUnboxed } from 'typeid-js';
import { v4 as uuidV4, validate as uuidValidate } from 'uuid';
import { generateRunId, generateThreadId, isRunId, parseRunId } from '../dist/index.js';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const ROUND_MS = Number(process.env.ROUND_MS ?? 60);
const INPUTS = 1024; // a power of two: `i & MASK` picks the next input without a modulo
const MASK = INPUTS - 1;

/** The historical lazy regex still deployed in readers (SPEC.md §Generation). */
const LAZY_RUN_ID = /^thread_(.*?)_run_(\d+)_([a-f0-9A-F]{8})$/;

/** What a regex-based parser has to do to return the same object as parseRunId. */
function regexParse(id) {
  const match = LAZY_RUN_ID.exec(id);
  if (match === null) throw new Error(`not a run id: ${id}`);
  return { format: 'canonical', threadId: match[1], timestamp: Number(match[2]), suffix: match[3].toLowerCase() };
}

// ---- inputs -------------------------------------------------------------------------------------------
// Round-tripped through JSON, as IDs arrive from a request body or a database row: flat strings, not the
// concatenations a generator returns, so no contender is helped or hurt by V8's string representation.
const fromPayload = (values) => JSON.parse(JSON.stringify(values));
const threadIds = fromPayload(Array.from({ length: INPUTS }, () => generateThreadId()));
const runIds = fromPayload(threadIds.map((threadId) => generateRunId(threadId)));
const uuids = fromPayload(Array.from({ length: INPUTS }, () => randomUUID()));
for (const id of runIds) {
  const expected = parseRunId(id);
  const viaRegex = regexParse(id);
  if (JSON.stringify(expected) !== JSON.stringify(viaRegex)) throw new Error(`regex parse disagrees on ${id}`);
}

// ---- contenders ---------------------------------------------------------------------------------------
// Each runs `count` operations starting at input `start` and returns something derived from every result,
// so the optimiser cannot drop the work.
const contenders = {
  generateRunId: (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) sink += generateRunId(threadIds[i & MASK]).length;
    return sink;
  },
  'generateRunId (one thread)': (start, count) => {
    let sink = 0;
    const threadId = threadIds[start & MASK];
    for (let i = start; i < start + count; i++) sink += generateRunId(threadId).length;
    return sink;
  },
  'crypto.randomUUID': (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) sink += randomUUID().length;
    return sink;
  },
  'uuid v4': (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) sink += uuidV4().length;
    return sink;
  },
  nanoid: (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) sink += nanoid().length;
    return sink;
  },
  "typeid-js typeidUnboxed('run')": (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) sink += typeidUnboxed('run').length;
    return sink;
  },
  parseRunId: (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) sink += parseRunId(runIds[i & MASK]).threadId.length;
    return sink;
  },
  'lazy regex parse': (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) sink += regexParse(runIds[i & MASK]).threadId.length;
    return sink;
  },
  isRunId: (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) if (isRunId(runIds[i & MASK])) sink++;
    return sink;
  },
  'lazy regex .test': (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) if (LAZY_RUN_ID.test(runIds[i & MASK])) sink++;
    return sink;
  },
  'uuid.validate (on UUIDs)': (start, count) => {
    let sink = 0;
    for (let i = start; i < start + count; i++) if (uuidValidate(uuids[i & MASK])) sink++;
    return sink;
  },
};

let globalSink = 0;
let wallMs = 0;

/**
 * CPU time (user + system, µs resolution) rather than wall time: on a shared machine the process is
 * descheduled now and then, which would count against whichever contender happened to be running.
 */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function timeBatch(run, count) {
  const wallBegin = performance.now();
  const begin = cpuMs();
  globalSink += run(globalSink & MASK, count);
  const ms = cpuMs() - begin;
  wallMs += performance.now() - wallBegin;
  return ms;
}

/** Batch size that takes about 5 ms, so timer resolution and loop overhead are negligible. */
function calibrate(run) {
  let count = 256;
  for (;;) {
    const ms = timeBatch(run, count);
    if (ms >= 5 || count >= 1 << 26) return Math.max(1, Math.round((count * 5) / Math.max(ms, 0.001)));
    count *= 4;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The middle half of `values` (25th to 75th percentile), to show how much the rounds agree. */
function quartiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  return [at(0.25), at(0.75)];
}

/**
 * Measures one comparison group: warm-up, then ROUNDS rounds in which every contender of the group runs
 * ~ROUND_MS of CPU time, back to back, in rotating order. Returns ops/s per round per contender, so ratios
 * can be taken within a round (base and peer measured seconds apart, under the same machine load).
 */
function measureGroup(names) {
  const batch = {};
  for (const name of names) {
    batch[name] = calibrate(contenders[name]);
    const until = performance.now() + 150;
    while (performance.now() < until) timeBatch(contenders[name], batch[name]);
    batch[name] = calibrate(contenders[name]);
  }
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      globalThis.gc?.();
      let ops = 0;
      let ms = 0;
      while (ms < ROUND_MS) {
        ms += timeBatch(contenders[name], batch[name]);
        ops += batch[name];
      }
      samples[name].push((ops / ms) * 1000);
      measuredCpuMs += ms;
    }
  }
  return samples;
}

let measuredCpuMs = 0;
wallMs = 0;
const groups = [
  {
    title: 'generate (a different thread each call, as a server does)',
    base: 'generateRunId',
    peers: ['crypto.randomUUID', 'uuid v4', 'nanoid', "typeid-js typeidUnboxed('run')"],
  },
  { title: 'generate (the same thread every call: its validation is cached)', base: 'generateRunId (one thread)', peers: ['crypto.randomUUID'] },
  { title: 'parse (canonical IDs)', base: 'parseRunId', peers: ['lazy regex parse'] },
  { title: 'validate', base: 'isRunId', peers: ['lazy regex .test', 'uuid.validate (on UUIDs)'] },
];
const results = groups.map((group) => ({ ...group, samples: measureGroup([group.base, ...group.peers]) }));

// ---- report -------------------------------------------------------------------------------------------
const format = (n) => Math.round(n).toLocaleString('en-US');

console.log(`unified-id codec benchmark — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} ×${os.cpus().length}`);
console.log(
  `${INPUTS} pre-generated inputs (UUID thread ids); per group ${ROUNDS} rounds of ~${ROUND_MS} ms CPU time per contender` +
    `${globalThis.gc ? '' : ' (run with --expose-gc for steadier figures)'}`,
);
console.log('ops/s: median over rounds; ratio: median of the per-round ratios [middle half of the rounds]');
const share = measuredCpuMs / wallMs;
console.log(
  `CPU share while measuring: ${(share * 100).toFixed(0)}% of wall time${share < 0.9 ? ' — the machine is busy: figures are noisy, ratios less so' : ''}\n`,
);

const ratios = {};
for (const { title, base, peers, samples } of results) {
  console.log(title);
  const width = Math.max(...[base, ...peers].map((name) => name.length));
  console.log(`  ${base.padEnd(width)}  ${format(median(samples[base])).padStart(14)} ops/s`);
  for (const peer of peers) {
    const perRound = samples[base].map((ops, round) => ops / samples[peer][round]);
    const [low, high] = quartiles(perRound);
    ratios[`${base}/${peer}`] = median(perRound);
    console.log(
      `  ${peer.padEnd(width)}  ${format(median(samples[peer])).padStart(14)} ops/s   ${base} is ${median(perRound).toFixed(2)}× [${low.toFixed(2)}–${high.toFixed(2)}]`,
    );
  }
  console.log('');
}

const targets = [
  ['generateRunId ≥ 1.5× crypto.randomUUID() (rotating threads)', ratios['generateRunId/crypto.randomUUID'], 1.5],
  ['parseRunId ≥ 1.5× lazy regex parse', ratios['parseRunId/lazy regex parse'], 1.5],
  ['isRunId ≥ 1.0× lazy regex .test', ratios['isRunId/lazy regex .test'], 1.0],
];
console.log('targets');
for (const [label, ratio, target] of targets) {
  console.log(`  ${ratio >= target ? 'PASS' : 'MISS'}  ${label}: ${ratio.toFixed(2)}×`);
}
if (globalSink === -1) console.log(''); // keeps every result observable

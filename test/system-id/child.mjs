// A separate Node process using the built module, for the end-to-end fault tests.
// argv: <path to system-id.js> <scenario>. Prints "ready", waits for a line on stdin (so racing processes
// start together), runs, prints "RESULT <json>". It never calls process.exit: it must exit on its own.
//
// Blocking is measured by what the library calls, not by the clock (which CPU contention skews): every
// synchronous file-system and child-process function and Atomics.wait is counted while the library works.
import childProcess from 'node:child_process';
import fs, { constants, promises as fsp } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const [modulePath, scenario = 'default'] = process.argv.slice(2);

const blockingCalls = [];
let counting = false;
const countCalls = (owner, label, name) => {
  const original = owner[name];
  owner[name] = function counted(...args) {
    if (counting) blockingCalls.push(`${label}.${name}`);
    return original.apply(this, args);
  };
};
for (const name of Object.keys(fs)) if (name.endsWith('Sync') && typeof fs[name] === 'function') countCalls(fs, 'fs', name);
for (const name of ['execSync', 'execFileSync', 'spawnSync']) countCalls(childProcess, 'child_process', name);
countCalls(Atomics, 'Atomics', 'wait');
// Named imports of the built-in modules see the counting versions too.
syncBuiltinESMExports();
const systemId = await import(modulePath);

const go = new Promise((resolve) => {
  process.stdin.once('data', () => {
    process.stdin.destroy();
    resolve();
  });
});
process.stdout.write('ready\n');
await go;

const loop = monitorEventLoopDelay({ resolution: 2 });
loop.enable();
const hung = () => new Promise(() => {});
let blockingOpens = 0;
let opensWhileStuck = null;
// A layer without the FIFO guard: it calls a FIFO a file and opens it with a blocking open(2), which
// really hangs a thread-pool thread.
const asFile = (stat) => ({ ...stat, kind: stat.kind === 'other' ? 'file' : stat.kind });
const blockingFs = {
  ...systemId.nodeFileSystem,
  stat: async (path) => asFile(await systemId.nodeFileSystem.stat(path)),
  readRegularFile: async (path) => {
    blockingOpens++;
    const content = await fsp.readFile(path, 'utf8');
    return { content, stat: asFile(await systemId.nodeFileSystem.stat(path)) };
  },
};
const options =
  scenario === 'hung-fs'
    ? { fs: { ...systemId.nodeFileSystem, stat: hung, readRegularFile: hung }, maxWaitMs: 200 }
    : scenario === 'blocking-fifo'
      ? { fs: blockingFs, maxWaitMs: 200, retry: { attemptTimeoutMs: 300, totalTimeoutMs: 3_000, backoffMs: [100, 100, 100] } }
      : {};
const store = systemId.createSystemIdStore(options);
counting = true;
const started = performance.now();
const id = await store.getSystemId();
const getMs = performance.now() - started;
// An unrelated fs call must still go through (the thread pool is not starved).
const statStarted = performance.now();
await fsp.stat(process.cwd());
const statMs = performance.now() - statStarted;
const info = scenario === 'hung-fs' ? await store.getSystemIdInfo() : await store.flushSystemId();
counting = false;
if (scenario === 'blocking-fifo') {
  // Retries are over (flush returned) and the first read is still stuck in open(2). Release it by writing
  // a valid record into the FIFO, so the abandoned read completes; the process must then exit by itself.
  opensWhileStuck = blockingOpens;
  const fifo = info.path;
  const handle = await fsp.open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  await handle.write(JSON.stringify({ id: '0f8fad5b-d9cb-469f-a165-70867728950e' }));
  await handle.close();
}
// Keep sampling a little after the work, so the histogram covers it.
await delay(30);
loop.disable();
process.stdout.write(`RESULT ${JSON.stringify({ id, info, getMs, statMs, opensWhileStuck, blockingCalls, maxDelayMs: loop.max / 1e6 })}\n`);

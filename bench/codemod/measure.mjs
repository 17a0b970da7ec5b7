// Runs one command as a child process and measures its wall time and peak resident memory.
//
// Peak RSS comes from two sources, and the larger is reported:
// - the kernel's exact maximum for the largest single process (`/usr/bin/time -f %M`, i.e. wait4's ru_maxrss;
//   worker threads share their process, so they are included), or, without GNU time and for Node scripts,
//   `process.resourceUsage().maxRSS` written at exit by `rss-wrapper.mjs`;
// - on Linux, a sampler that sums the RSS of the whole process tree every 20 ms (`/proc/<pid>/task/*/children`),
//   so tools that fork worker processes (jscodeshift) are charged for all of them at once.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { URL, fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const RSS_WRAPPER = fileURLToPath(new URL('./rss-wrapper.mjs', import.meta.url));
const PAGE_SIZE = 4096;

/** Whether `/usr/bin/time` is GNU time (supports `-f` and `-o`). */
export function hasGnuTime() {
  return existsSync(GNU_TIME);
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every live descendant of `pid` (not `pid` itself), found through the kernel's children lists. */
function descendants(pid) {
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.pop();
    let tasks;
    try {
      tasks = readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      const children = readText(`/proc/${current}/task/${task}/children`);
      if (!children) continue;
      for (const child of children.trim().split(/\s+/)) {
        if (child === '') continue;
        const childPid = Number(child);
        found.push(childPid);
        queue.push(childPid);
      }
    }
  }
  return found;
}

function rssBytes(pid) {
  const statm = readText(`/proc/${pid}/statm`);
  if (!statm) return 0;
  return Number(statm.split(' ')[1] ?? 0) * PAGE_SIZE;
}

/** Samples the summed RSS of `rootPid`'s tree (excluding the root when it is only a wrapper such as GNU time). */
function startTreeSampler(rootPid, includeRoot) {
  if (!existsSync('/proc/self/statm')) return { stop: () => undefined };
  let peak = 0;
  const sample = () => {
    const pids = descendants(rootPid);
    if (includeRoot) pids.push(rootPid);
    let total = 0;
    for (const pid of pids) total += rssBytes(pid);
    if (total > peak) peak = total;
  };
  sample();
  const timer = setInterval(sample, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/**
 * Runs `command args…` and resolves with `{ code, wallSeconds, peakRssBytes, maxSingleRssBytes,
 * treeRssBytes, rssSource, stdout, stderr }`. `node: true` says the command is a Node script
 * (`command` is its path), which lets the fallback measure it in-process without GNU time.
 */
export function runMeasured({ command, args = [], cwd, env, node = false }) {
  const scratch = mkdtempSync(join(tmpdir(), 'unified-id-measure-'));
  const rssFile = join(scratch, 'rss');
  let executable;
  let argv;
  let rssSource;
  if (hasGnuTime()) {
    executable = GNU_TIME;
    argv = ['-f', '%M', '-o', rssFile, ...(node ? [process.execPath, command] : [command]), ...args];
    rssSource = 'GNU time %M';
  } else if (node) {
    executable = process.execPath;
    argv = [RSS_WRAPPER, rssFile, command, ...args];
    rssSource = 'process.resourceUsage().maxRSS';
  } else {
    executable = command;
    argv = args;
    rssSource = 'tree sampler only';
  }

  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(executable, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = startTreeSampler(child.pid, executable !== GNU_TIME);
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', (error) => {
      sampler.stop();
      rmSync(scratch, { recursive: true, force: true });
      reject(error);
    });
    child.on('close', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const treeRssBytes = sampler.stop() ?? 0;
      const recorded = readText(rssFile);
      rmSync(scratch, { recursive: true, force: true });
      // GNU time and maxRSS both report kilobytes.
      const kilobytes = recorded === undefined ? NaN : Number(recorded.trim().split('\n').pop());
      const maxSingleRssBytes = Number.isFinite(kilobytes) ? kilobytes * 1024 : 0;
      resolve({
        code,
        wallSeconds,
        peakRssBytes: Math.max(maxSingleRssBytes, treeRssBytes),
        maxSingleRssBytes,
        treeRssBytes,
        rssSource,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

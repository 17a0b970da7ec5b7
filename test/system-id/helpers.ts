/**
 * Test doubles for the system-ID store: an in-memory file system with per-call fault hooks, a call log,
 * manual timers (virtual time), and a recorder for warnings.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { FileStat, SystemIdFileSystem, SystemIdTimers, SystemIdWarning } from '../../src/system-id/index';

export type FsOperation = keyof SystemIdFileSystem;

export interface FsCall {
  readonly op: FsOperation;
  readonly path: string;
  /** Virtual time the call started, when manual timers are attached. */
  readonly at: number;
}

/** Runs before the real operation: throw (or reject) to inject a fault, or return a promise to delay it. */
export type FsHook = (call: FsCall) => Promise<void> | void;

export function fault(code: string): Error & { code: string } {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** Never settles: a call stuck inside the kernel. */
export function hang(): Promise<void> {
  return new Promise<void>(() => undefined);
}

/** Wraps any file-system layer, logging calls and running hooks before each one. */
export function instrument(
  inner: SystemIdFileSystem,
  hooks: Partial<Record<FsOperation, FsHook>> = {},
  clock: () => number = () => 0,
): { fs: SystemIdFileSystem; calls: FsCall[]; count: (op: FsOperation) => number; maxInFlight: () => number } {
  const calls: FsCall[] = [];
  let running = 0;
  let maxRunning = 0;
  const wrap =
    <A extends unknown[], R>(op: FsOperation, method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const call: FsCall = { op, path: String(args[0]), at: clock() };
      calls.push(call);
      maxRunning = Math.max(maxRunning, ++running);
      try {
        await hooks[op]?.(call);
        return await method(...args);
      } finally {
        running--;
      }
    };
  const fs: SystemIdFileSystem = {
    stat: wrap('stat', (p: string) => inner.stat(p)),
    lstat: wrap('lstat', (p: string) => inner.lstat(p)),
    readDirectory: wrap('readDirectory', (p: string) => inner.readDirectory(p)),
    readRegularFile: wrap('readRegularFile', (p: string, max: number) => inner.readRegularFile(p, max)),
    writeNewFile: wrap('writeNewFile', (p: string, c: string) => inner.writeNewFile(p, c)),
    link: wrap('link', (a: string, b: string) => inner.link(a, b)),
    rename: wrap('rename', (a: string, b: string) => inner.rename(a, b)),
    unlink: wrap('unlink', (p: string) => inner.unlink(p)),
    mkdir: wrap('mkdir', (p: string) => inner.mkdir(p)),
    syncDirectory: wrap('syncDirectory', (p: string) => inner.syncDirectory(p)),
  };
  return { fs, calls, count: (op) => calls.filter((c) => c.op === op).length, maxInFlight: () => maxRunning };
}

/** An in-memory POSIX-ish file system: every call settles in a microtask, so virtual time fully controls it. */
export class MemoryFs implements SystemIdFileSystem {
  readonly files = new Map<string, { content: string; ino: number; mtimeMs: number; uid?: number }>();
  /** Owner and mode of each directory that is not the default (uid 0, mode 0o700). */
  readonly directoryMeta = new Map<string, { uid: number; mode: number }>();
  /** Virtual wall clock stamped on new files (set it to the store's `wallNow`). */
  wallNow: () => number = () => 0;
  readonly directories = new Set<string>(['/']);
  private nextIno = 1;

  private parentOf(path: string): string {
    return posix.dirname(path);
  }

  private requireParent(path: string): void {
    const parent = this.parentOf(path);
    if (this.files.has(parent)) throw fault('ENOTDIR');
    if (!this.directories.has(parent)) throw fault('ENOENT');
  }

  async stat(path: string): Promise<FileStat> {
    const file = this.files.get(path);
    if (file) {
      return { kind: 'file', size: Buffer.byteLength(file.content), mtimeMs: file.mtimeMs, dev: 1, ino: file.ino, mode: 0o600, uid: file.uid ?? 0 };
    }
    if (this.directories.has(path)) {
      const meta = this.directoryMeta.get(path) ?? { uid: 0, mode: 0o700 };
      return { kind: 'directory', size: 0, mtimeMs: 0, dev: 1, ino: 0, ...meta };
    }
    this.requireParent(path);
    throw fault('ENOENT');
  }

  async lstat(path: string): Promise<FileStat> {
    return this.stat(path);
  }

  async readDirectory(path: string): Promise<readonly string[]> {
    if (!this.directories.has(path)) throw fault(this.files.has(path) ? 'ENOTDIR' : 'ENOENT');
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const names = [...this.files.keys(), ...this.directories].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'));
    return names.map((p) => p.slice(prefix.length)).sort();
  }

  async readRegularFile(path: string, maxBytes: number): Promise<{ content: string; stat: FileStat }> {
    const stat = await this.stat(path);
    if (stat.kind !== 'file') throw fault('NOT_REGULAR_FILE');
    const content = this.files.get(path)?.content ?? '';
    return { content: content.slice(0, maxBytes + 1), stat };
  }

  async writeNewFile(path: string, content: string): Promise<void> {
    this.requireParent(path);
    if (this.files.has(path) || this.directories.has(path)) throw fault('EEXIST');
    this.files.set(path, { content, ino: this.nextIno++, mtimeMs: this.wallNow() });
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    const file = this.files.get(existingPath);
    if (!file) throw fault('ENOENT');
    this.requireParent(newPath);
    if (this.files.has(newPath) || this.directories.has(newPath)) throw fault('EEXIST');
    this.files.set(newPath, file);
  }

  async rename(from: string, to: string): Promise<void> {
    const file = this.files.get(from);
    if (!file) throw fault('ENOENT');
    this.requireParent(to);
    this.files.delete(from);
    this.files.set(to, file);
  }

  async unlink(path: string): Promise<void> {
    if (!this.files.delete(path)) throw fault('ENOENT');
  }

  async mkdir(path: string): Promise<void> {
    const missing: string[] = [];
    for (let p = path; !this.directories.has(p); p = this.parentOf(p)) {
      if (this.files.has(p)) throw fault('ENOTDIR');
      missing.push(p);
    }
    for (const p of missing) this.directories.add(p);
  }

  async syncDirectory(): Promise<void> {}
}

/** Virtual time: timers fire only when the test advances the clock. */
export class ManualTimers implements SystemIdTimers {
  private time = 0;
  private seq = 0;
  private readonly queue = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = ++this.seq;
    this.queue.set(handle, { at: this.time + Math.max(0, ms), callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.queue.delete(handle as number);
  }

  /** Open keepAlive holds (a caller is awaiting an answer). */
  held = 0;

  keepAlive(): () => void {
    this.held++;
    let released = false;
    return () => {
      if (!released) this.held--;
      released = true;
    };
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Moves virtual time forward, firing due timers in order and letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await settle();
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.queue) if (entry[1].at <= target && (next === undefined || entry[1].at < next[1].at)) next = entry;
      if (next === undefined) break;
      this.queue.delete(next[0]);
      this.time = next[1].at;
      next[1].callback();
    }
    this.time = target;
    await settle();
  }
}

/** Lets every queued promise continuation run (the memory file system never does real I/O). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function recordWarnings(): { warn: (w: SystemIdWarning) => void; warnings: SystemIdWarning[] } {
  const warnings: SystemIdWarning[] = [];
  return { warn: (w) => warnings.push(w), warnings };
}

export function tempDir(prefix = 'unified-id-system-id-'): { path: string; list: (sub?: string) => string[]; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    list: (sub = '') => readdirSync(join(path, sub)).sort(),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

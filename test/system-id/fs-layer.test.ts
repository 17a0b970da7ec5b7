/**
 * The real file-system layer (`nodeFileSystem`) on temp directories, and the progress observer.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFileSystem, observeSettled } from '../../src/system-id/fs-layer';
import { fault, MemoryFs, tempDir } from './helpers';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function root(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir.path;
}

describe('nodeFileSystem', () => {
  it('stat and lstat: kind, size, identity, permission bits (with sticky, without setuid) and owner', async () => {
    const base = root();
    const file = join(base, 'f');
    writeFileSync(file, 'hello');
    chmodSync(file, 0o4640);
    const stat = await nodeFileSystem.stat(file);
    const real = statSync(file);
    expect(stat).toEqual({ kind: 'file', size: 5, mtimeMs: real.mtimeMs, dev: real.dev, ino: real.ino, mode: 0o640, uid: real.uid });
    const sticky = join(base, 'd');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    expect(await nodeFileSystem.stat(sticky)).toMatchObject({ kind: 'directory', mode: 0o1777 });
    const link = join(base, 'l');
    symlinkSync(file, link);
    expect((await nodeFileSystem.stat(link)).kind).toBe('file');
    expect((await nodeFileSystem.lstat(link)).kind).toBe('symlink');
    expect((await nodeFileSystem.lstat(file)).kind).toBe('file');
    expect((await nodeFileSystem.stat('/dev/null')).kind).toBe('other');
    await expect(nodeFileSystem.stat(join(base, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('readDirectory lists names', async () => {
    const base = root();
    writeFileSync(join(base, 'b'), '');
    mkdirSync(join(base, 'a'));
    expect([...(await nodeFileSystem.readDirectory(base))].sort()).toEqual(['a', 'b']);
  });

  it('readRegularFile reads at most maxBytes + 1 bytes and refuses what is not a regular file', async () => {
    const base = root();
    const file = join(base, 'f');
    writeFileSync(file, '0123456789');
    expect(await nodeFileSystem.readRegularFile(file, 4)).toMatchObject({ content: '01234', stat: { kind: 'file', size: 10 } });
    expect((await nodeFileSystem.readRegularFile(file, 100)).content).toBe('0123456789');
    const big = join(base, 'big');
    writeFileSync(big, 'x'.repeat(200_000));
    expect((await nodeFileSystem.readRegularFile(big, 150_000)).content).toHaveLength(150_001);
    await expect(nodeFileSystem.readRegularFile(base, 10)).rejects.toMatchObject({ code: 'NOT_REGULAR_FILE' });
    await expect(nodeFileSystem.readRegularFile('/dev/null', 10)).rejects.toMatchObject({ code: 'NOT_REGULAR_FILE' });
  });

  it('writeNewFile creates exclusively with mode 0600', async () => {
    const base = root();
    const file = join(base, 'f');
    await nodeFileSystem.writeNewFile(file, 'one');
    expect(readFileSync(file, 'utf8')).toBe('one');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await expect(nodeFileSystem.writeNewFile(file, 'two')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(file, 'utf8')).toBe('one');
  });

  it('link, rename and unlink', async () => {
    const base = root();
    const a = join(base, 'a');
    writeFileSync(a, 'x');
    await nodeFileSystem.link(a, join(base, 'b'));
    await expect(nodeFileSystem.link(a, join(base, 'b'))).rejects.toMatchObject({ code: 'EEXIST' });
    await nodeFileSystem.rename(join(base, 'b'), join(base, 'c'));
    await nodeFileSystem.unlink(a);
    expect([...(await nodeFileSystem.readDirectory(base))]).toEqual(['c']);
    await expect(nodeFileSystem.unlink(a)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('mkdir creates every missing level with mode 0700, accepts an existing directory, refuses a file', async () => {
    const base = root();
    const deep = join(base, 'a', 'b', 'c');
    await nodeFileSystem.mkdir(deep);
    for (const dir of [join(base, 'a'), join(base, 'a', 'b'), deep]) expect(statSync(dir).mode & 0o777).toBe(0o700);
    await nodeFileSystem.mkdir(deep);
    writeFileSync(join(base, 'file'), '');
    await expect(nodeFileSystem.mkdir(join(base, 'file'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(nodeFileSystem.mkdir(join(base, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('mkdir creates at most 64 missing levels, and fails on a parent that cannot hold directories', async () => {
    const base = root();
    const levels = (n: number) => join(base, ...Array.from({ length: n }, (_, i) => `d${i}`));
    await nodeFileSystem.mkdir(levels(65));
    const other = root();
    await expect(nodeFileSystem.mkdir(join(other, ...Array.from({ length: 66 }, (_, i) => `d${i}`)))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(nodeFileSystem.mkdir('/proc/self/no-such/unified-id')).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
  });

  it('syncDirectory opens and fsyncs a directory', async () => {
    const base = root();
    await nodeFileSystem.syncDirectory(base);
    await expect(nodeFileSystem.syncDirectory(join(base, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('observeSettled', () => {
  it('reports each call when it returns or fails, and passes results and faults through', async () => {
    const memory = new MemoryFs();
    memory.directories.add('/d');
    let settled = 0;
    const fs = observeSettled(memory, () => settled++);
    await fs.mkdir('/d/e');
    await fs.writeNewFile('/d/f', 'x');
    await fs.link('/d/f', '/d/g');
    await fs.rename('/d/g', '/d/h');
    expect((await fs.readRegularFile('/d/h', 10)).content).toBe('x');
    expect((await fs.stat('/d/f')).kind).toBe('file');
    expect((await fs.lstat('/d/f')).kind).toBe('file');
    expect(await fs.readDirectory('/d')).toEqual(['e', 'f', 'h']);
    await fs.unlink('/d/h');
    await fs.syncDirectory('/d');
    expect(settled).toBe(10);
    await expect(fs.unlink('/d/missing')).rejects.toEqual(fault('ENOENT'));
    expect(settled).toBe(11);
  });
});

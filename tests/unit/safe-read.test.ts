import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSafely, SafeReadError } from '../../electron/core/fs/safe-read';

const dir = mkdtempSync(join(tmpdir(), 'tw-safe-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problemOf(
  path: string,
  options: { maxBytes: number; followSymlink?: boolean; ownerOnly?: boolean },
) {
  try {
    await readFileSafely(path, options);
    return 'read';
  } catch (error) {
    if (!(error instanceof SafeReadError)) throw error;
    // A refusal never carries content: only a sentence about the kind of problem.
    expect(error.message).not.toMatch(/secret-value/);
    return error.problem;
  }
}

describe('readFileSafely', () => {
  it('reads a regular file under the cap', async () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'hello');
    expect((await readFileSafely(file, { maxBytes: 100 })).toString()).toBe('hello');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await problemOf(fifo, { maxBytes: 1024 })).toBe('not-a-regular-file');
  });

  it('refuses /dev/zero (a device that never ends), even when symlinks are followed', async () => {
    expect(await problemOf('/dev/zero', { maxBytes: 1024 })).toBe('not-a-regular-file');
    const link = join(dir, 'zero-link');
    symlinkSync('/dev/zero', link);
    expect(await problemOf(link, { maxBytes: 1024, followSymlink: true })).toBe('not-a-regular-file');
  });

  it('refuses a symlink to a secret file unless links are explicitly allowed', async () => {
    const secret = join(dir, 'secrets.enc');
    writeFileSync(secret, 'secret-value');
    const link = join(dir, 'innocent-looking-key');
    symlinkSync(secret, link);
    expect(await problemOf(link, { maxBytes: 1024 })).toBe('symlink');
  });

  it('refuses a 1 GB file by its size, before reading it', async () => {
    const big = join(dir, 'big');
    writeFileSync(big, '');
    truncateSync(big, 1024 ** 3); // sparse: no disk used, but stat says 1 GB
    expect(await problemOf(big, { maxBytes: 64 * 1024 })).toBe('too-large');
  });

  it('refuses a directory and reports a missing file as missing', async () => {
    expect(await problemOf(dir, { maxBytes: 1024 })).toBe('not-a-regular-file');
    expect(await problemOf(join(dir, 'nope'), { maxBytes: 1024 })).toBe('missing');
  });

  it('refuses a procfs file that grows past the cap while it is read (stat says 0 bytes)', async () => {
    // /proc/self/environ reports size 0; the cap is enforced on the bytes actually read.
    expect(await problemOf('/proc/self/environ', { maxBytes: 1 })).toBe('too-large');
  });

  it('refuses a file others may read when only its owner should (keys, tokens), naming the mode', async () => {
    const file = join(dir, 'loose-key');
    writeFileSync(file, 'secret-value', { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(await problemOf(file, { maxBytes: 1024, ownerOnly: true })).toBe('readable-by-others');
    await expect(readFileSafely(file, { maxBytes: 1024, ownerOnly: true })).rejects.toThrow(/mode 0644/);
    chmodSync(file, 0o600);
    expect((await readFileSafely(file, { maxBytes: 1024, ownerOnly: true })).toString()).toBe('secret-value');
  });
});

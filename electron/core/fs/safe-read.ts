/**
 * The one way the core reads a file whose path came from configuration or a user (ssh config, known_hosts,
 * private keys, docker config.json). It never follows a symlink at the last component, never blocks on a
 * FIFO, never reads a device or a directory, and never reads more than a cap: a hostile or mistaken path
 * gets a typed refusal at once. Errors name the problem, never the content.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export type SafeReadProblem =
  'missing' | 'symlink' | 'not-a-regular-file' | 'too-large' | 'readable-by-others' | 'unreadable';

export class SafeReadError extends Error {
  constructor(
    readonly problem: SafeReadProblem,
    readonly path: string,
    /** The errno code, or for `readable-by-others` the file's mode in octal. */
    readonly code?: string,
  ) {
    super(describeProblem(problem, code));
    this.name = 'SafeReadError';
  }
}

export interface SafeReadOptions {
  /** Largest size accepted, in bytes. */
  maxBytes: number;
  /** Allow a symlink at the last path component (an OpenSSH config kept in a dotfiles repo). */
  followSymlink?: boolean;
  /** Refuse a file its group or others may read (a key or a token readable by others protects nothing). */
  ownerOnly?: boolean;
}

/** Caps: far above any real file of the kind, far below anything that hurts to read. */
export const READ_CAPS = {
  sshConfig: 1024 * 1024,
  knownHosts: 4 * 1024 * 1024,
  privateKey: 64 * 1024,
  dockerConfig: 1024 * 1024,
  secretKey: 4 * 1024,
  token: 1024,
} as const;

export async function readFileSafely(path: string, options: SafeReadOptions): Promise<Buffer> {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  const flags =
    constants.O_RDONLY | constants.O_NONBLOCK | (options.followSymlink ? 0 : constants.O_NOFOLLOW);
  let handle: FileHandle;
  try {
    handle = await open(path, flags);
  } catch (error) {
    throw fromOpenError(error, path);
  }
  try {
    // fstat on the open descriptor: the file checked is the file read (no swap between stat and open).
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SafeReadError('not-a-regular-file', path);
    if (stat.size > options.maxBytes) throw new SafeReadError('too-large', path);
    if (options.ownerOnly && (stat.mode & 0o077) !== 0) {
      throw new SafeReadError('readable-by-others', path, `0${(stat.mode & 0o777).toString(8)}`);
    }
    const buffer = Buffer.alloc(options.maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    // The file grew after the stat: still refused, never truncated silently.
    if (length > options.maxBytes) throw new SafeReadError('too-large', path);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof SafeReadError) throw error;
    throw new SafeReadError('unreadable', path, (error as NodeJS.ErrnoException).code);
  } finally {
    await handle.close();
  }
}

export async function readTextSafely(path: string, options: SafeReadOptions): Promise<string> {
  return (await readFileSafely(path, options)).toString('utf8');
}

function fromOpenError(error: unknown, path: string): SafeReadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new SafeReadError('missing', path, code);
  // O_NOFOLLOW on a symlink fails with ELOOP (Linux) or EMLINK (FreeBSD).
  if (code === 'ELOOP' || code === 'EMLINK') return new SafeReadError('symlink', path, code);
  if (code === 'EISDIR') return new SafeReadError('not-a-regular-file', path, code);
  return new SafeReadError('unreadable', path, code);
}

function describeProblem(problem: SafeReadProblem, code?: string): string {
  switch (problem) {
    case 'missing':
      return 'no file at this path';
    case 'symlink':
      return 'the path is a symbolic link; give the file it points to';
    case 'not-a-regular-file':
      return 'not a regular file';
    case 'too-large':
      return 'the file is too large for its kind';
    case 'readable-by-others':
      return `the file is readable by group or others (mode ${code ?? '?'}); run chmod 600 on it`;
    case 'unreadable':
      return `the file cannot be read${code ? ` (${code})` : ''}`;
  }
}

import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { READ_CAPS, readTextSafely } from '../core/fs/safe-read';

export const TOKEN_FILE_NAME = 'companion-token';

/** 32 random bytes, base64url: what a browser or a script sends in the WebSocket `hello`. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Writes the token where only this user can read it. The old file is removed first and the new one
 * created exclusively with mode 0600, so it is never readable by others, not even for a moment.
 */
export function writeTokenFile(dataDir: string, token: string): string {
  const file = join(dataDir, TOKEN_FILE_NAME);
  rmSync(file, { force: true });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, `${token}\n`);
  } finally {
    closeSync(fd);
  }
  // The umask cannot widen 0600, but a file system that ignores the create mode would; be explicit.
  chmodSync(file, 0o600);
  return file;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The token kept from an earlier start, so open tabs and bookmarks keep working across restarts; null when
 * there is none or it cannot be trusted (not a plain 0600 file, or not a token's shape).
 */
export async function readTokenFile(dataDir: string): Promise<string | null> {
  try {
    const token = (
      await readTextSafely(join(dataDir, TOKEN_FILE_NAME), { maxBytes: READ_CAPS.token, ownerOnly: true })
    ).trim();
    return TOKEN_SHAPE.test(token) ? token : null;
  } catch {
    return null;
  }
}

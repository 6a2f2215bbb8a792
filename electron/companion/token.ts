import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

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

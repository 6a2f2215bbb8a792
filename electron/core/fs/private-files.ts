/**
 * The data folder holds the database, the logs, the encrypted secrets and the companion's token: only its
 * owner may read any of it. New folders are created 0700 and files 0600; an existing folder or file that
 * others can read is tightened (or, when that is not allowed, reported so the caller can warn).
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Creates `dir` (0700) or tightens it; returns a sentence when it stays readable by others. */
export function preparePrivateDir(dir: string): string | null {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return tighten(dir, 0o700);
}

/** Creates `file` empty (0600) if missing, or tightens it; returns a sentence when that failed. */
export function preparePrivateFile(file: string): string | null {
  try {
    closeSync(openSync(file, 'a', 0o600));
  } catch (error) {
    return `${file} could not be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return tighten(file, 0o600);
}

function tighten(path: string, mode: number): string | null {
  const current = statSync(path).mode & 0o777;
  if ((current & 0o077) === 0) return null;
  try {
    chmodSync(path, mode);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return `${path} is readable by others (mode 0${current.toString(8)}) and could not be tightened (${code}); run chmod ${mode.toString(8)} on it`;
  }
}

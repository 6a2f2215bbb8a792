import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Redactor } from './redactor';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  /** JSON lines go here; the directory is created. */
  file?: string;
  /** Human-readable lines on stderr (development). */
  pretty?: boolean;
  level?: LogLevel;
  redactor: Redactor;
  now?: () => Date;
  /** Rotate when the file would grow past this many bytes (default 5 MiB). */
  maxBytes?: number;
  /** Rotated files kept beside the current one: `<file>.1` (newest) … `<file>.N` (default 3). */
  keep?: number;
}

/** A structured logger: one JSON object per line in the data dir's log file, secrets redacted first. */
export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const sink = options.file ? new RotatingFile(options.file, options.maxBytes, options.keep) : null;
  return makeLogger(options, sink, bound);
}

function makeLogger(options: LoggerOptions, sink: RotatingFile | null, bound: LogFields): Logger {
  const minRank = LEVEL_RANK[options.level ?? 'info'];

  const write = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (LEVEL_RANK[level] < minRank) return;
    const time = (options.now ?? (() => new Date()))().toISOString();
    const entry = options.redactor.value({ time, level, msg: message, ...bound, ...fields }) as LogFields;
    sink?.append(`${JSON.stringify(entry)}\n`);
    if (options.pretty) process.stderr.write(prettyLine(entry));
  };

  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    // Children share the parent's file, so its size (and rotation) is counted once.
    child: (fields) => makeLogger(options, sink, { ...bound, ...fields }),
  };
}

/**
 * The log file, 0600 in a 0700 folder, rotated by size: when a line would take it past `maxBytes`, the file
 * becomes `<file>.1` (older ones shift up, the oldest beyond `keep` is dropped) and a new file starts.
 * A line that cannot be written (data dir removed, disk full) must not take the app down with it: it goes
 * to stderr instead, already redacted.
 */
class RotatingFile {
  private size: number;

  constructor(
    private readonly file: string,
    private readonly maxBytes = 5 * 1024 * 1024,
    private readonly keep = 3,
  ) {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    } catch {
      // Reported through the stderr fallback on the first line.
    }
    this.size = sizeOf(file);
  }

  append(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    try {
      appendFileSync(this.file, line, { mode: 0o600 });
      this.size += bytes;
    } catch {
      process.stderr.write(line);
    }
  }

  private rotate(): void {
    try {
      for (let index = this.keep - 1; index >= 1; index -= 1) {
        renameIfPresent(`${this.file}.${index}`, `${this.file}.${index + 1}`);
      }
      renameIfPresent(this.file, `${this.file}.1`);
    } catch {
      // A rotation that fails keeps appending to the same file rather than losing lines.
    }
    this.size = sizeOf(this.file);
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function prettyLine(entry: LogFields): string {
  const { time, level, msg, ...rest } = entry;
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${String(time).slice(11, 23)} ${String(level).toUpperCase().padEnd(5)} ${String(msg)}${extra}\n`;
}

/** A logger that drops everything (for tests that do not look at logs). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

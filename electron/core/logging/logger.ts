import { appendFileSync, mkdirSync } from 'node:fs';
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
}

/** A structured logger: one JSON object per line in the data dir's log file, secrets redacted first. */
export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const minRank = LEVEL_RANK[options.level ?? 'info'];
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });

  const write = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (LEVEL_RANK[level] < minRank) return;
    const time = (options.now ?? (() => new Date()))().toISOString();
    const entry = options.redactor.value({ time, level, msg: message, ...bound, ...fields }) as LogFields;
    if (options.file) appendLine(options.file, `${JSON.stringify(entry)}\n`);
    if (options.pretty) process.stderr.write(prettyLine(entry));
  };

  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/**
 * A log line that cannot be written (data dir removed, disk full) must not take the app down with it:
 * the line goes to stderr instead, already redacted.
 */
function appendLine(file: string, line: string): void {
  try {
    appendFileSync(file, line);
  } catch {
    process.stderr.write(line);
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

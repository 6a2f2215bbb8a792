import { join } from 'node:path';
import { createLogger, type Logger, type LogLevel } from './logger';
import { Redactor } from './redactor';

export interface Logging {
  logger: Logger;
  /** Shared with the secret store, so every secret it hands out is masked in the log. */
  redactor: Redactor;
  file: string;
}

/** The app's logging: JSON lines in `<dataDir>/logs/tidewatch.log`, pretty on stderr in development. */
export function setupLogging(dataDir: string, options: { pretty?: boolean; level?: LogLevel } = {}): Logging {
  const redactor = new Redactor();
  const file = join(dataDir, 'logs', 'tidewatch.log');
  const logger = createLogger({
    file,
    redactor,
    pretty: options.pretty ?? false,
    level: options.level ?? 'info',
  });
  return { logger, redactor, file };
}

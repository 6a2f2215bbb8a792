/**
 * The webhook listener's TLS certificate and key: read through the core's safe reader (a FIFO, a device or
 * a huge file named as the certificate is refused, never waited on or read whole), checked as a PEM pair
 * before use, and watched so that a renewed certificate (certbot, acme.sh rewriting the files) is taken
 * without a restart. Neither file's content is ever put in a message.
 */
import { stat } from 'node:fs/promises';
import type { Server } from 'node:https';
import { createSecureContext } from 'node:tls';
import { readFileSafely, SafeReadError } from '../fs/safe-read';
import type { Logger } from '../logging/logger';

export interface TlsFiles {
  cert: string;
  key: string;
}

export interface TlsPem {
  cert: Buffer;
  key: Buffer;
}

/** A certificate chain or a key is a few KiB; this leaves room for long chains and nothing else. */
const MAX_PEM_BYTES = 1024 * 1024;
/** How often the files are looked at for a renewal. */
export const TLS_RELOAD_CHECK_MS = 60_000;

/** Reads and checks the pair; rejects with a reason safe to show. */
export async function readTlsPair(files: TlsFiles): Promise<TlsPem> {
  const [cert, key] = await Promise.all([readPem(files.cert, 'certificate'), readPem(files.key, 'key')]);
  const pem = { cert, key };
  try {
    createSecureContext(pem);
  } catch {
    throw new Error('the TLS certificate or key is not a valid PEM pair');
  }
  return pem;
}

async function readPem(path: string, what: 'certificate' | 'key'): Promise<Buffer> {
  try {
    return await readFileSafely(path, { maxBytes: MAX_PEM_BYTES, followSymlink: true });
  } catch (error) {
    const reason = error instanceof SafeReadError ? error.message : 'it cannot be read';
    throw new Error(`cannot read the TLS ${what} file ${path}: ${reason}`);
  }
}

/** Looks at both files' size and change time; a change reloads them into the running server. */
export class TlsReloader {
  private timer: NodeJS.Timeout | null = null;
  private seen = '';
  private checking = false;

  constructor(
    private readonly files: TlsFiles,
    private readonly server: Server,
    private readonly logger: Logger,
    private readonly intervalMs = TLS_RELOAD_CHECK_MS,
  ) {}

  async start(): Promise<void> {
    this.seen = await this.signature();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async signature(): Promise<string> {
    // stat follows symlinks: certbot's live/ links to a new archive file count as a change.
    const stats = await Promise.all([stat(this.files.cert), stat(this.files.key)]).catch(() => null);
    return stats ? stats.map((entry) => `${entry.size}:${entry.mtimeMs}:${entry.ino}`).join('|') : 'missing';
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const now = await this.signature();
      if (now === this.seen) return;
      // A renewal writes two files: half a pair fails the check and is tried again next time.
      const pem = await readTlsPair(this.files);
      this.server.setSecureContext(pem);
      this.seen = now;
      this.logger.info('webhook listener TLS certificate reloaded');
    } catch (error) {
      this.logger.warn('webhook listener TLS certificate not reloaded; the previous one stays', {
        reason: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.checking = false;
    }
  }
}

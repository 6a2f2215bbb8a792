import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { AppError } from '@shared/rpc/errors';
import type { SecretBackendInfo } from '@shared/schemas/app';
import type { Redactor } from '../logging/redactor';
import type { SecretStore } from './secret-store';
import { SECRET_KEY_BYTES } from './secret-key-material';

/** What the file holds: a small header in clear (authenticated) and the whole secret map encrypted. */
interface SecretsFile {
  format: typeof FORMAT;
  version: 1;
  /** Tells "wrong key" from "file modified": a keyed hash of a constant, not the key. */
  keyId: string;
  iv: string;
  tag: string;
  data: string;
}

const FORMAT = 'tidewatch-secrets';
const IV_BYTES = 12;

export interface EncryptedFileOptions {
  file: string;
  key: Buffer;
  redactor: Redactor;
  /** Where the key came from, shown to the user (null when it came from the environment). */
  keyFile?: string | null;
}

/**
 * Secrets for the headless companion, where no keychain exists: one file, AES-256-GCM over the JSON map of
 * all secrets, a fresh IV on every write, written atomically (temp file, fsync, rename) with mode 0600.
 * The key comes from the environment or a 0600 key file (see choose-secret-store.ts), never from the file
 * itself. Reads the file on every call so a second process or a restore is seen at once; the file is small.
 */
export class EncryptedFileSecretStore implements SecretStore {
  private state: SecretBackendInfo;
  private readonly key: Buffer;
  private readonly keyId: string;
  /** Calls run one after another so two writes never interleave their read-modify-write. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: EncryptedFileOptions) {
    if (options.key.length !== SECRET_KEY_BYTES) {
      throw new AppError('SECRET_BACKEND', `The secrets key must be ${SECRET_KEY_BYTES} bytes`);
    }
    this.key = Buffer.from(options.key);
    this.keyId = createHmac('sha256', this.key).update('tidewatch-secrets-key-id').digest('hex').slice(0, 16);
    this.state = { kind: 'encrypted-file', error: null, keyFile: options.keyFile ?? null, resettable: false };
    this.probe();
  }

  get info(): SecretBackendInfo {
    return { ...this.state };
  }

  /**
   * Opens the file once: a file this key cannot open (another key, a damaged file) is reported at start,
   * with a way out (reset), instead of failing later on the first password the user types.
   */
  private probe(): void {
    try {
      this.readAll();
      this.state = { ...this.state, error: null, resettable: false };
    } catch (error) {
      this.state = { ...this.state, error: (error as Error).message, resettable: true };
    }
  }

  /**
   * Starts a new, empty store when the current file cannot be opened: the old file is kept beside it
   * (`secrets.enc.unreadable-<time>`), never deleted, so a found key can still open it. Saved passwords and
   * passphrases must then be entered again.
   */
  reset(now: Date): Promise<SecretBackendInfo> {
    return this.serial(() => {
      if (!this.state.resettable) {
        throw new AppError('CONFLICT', 'The secret store opens with this key; there is nothing to reset');
      }
      const aside = `${this.file}.unreadable-${now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.file, aside);
      this.state = { ...this.state, error: null, resettable: false };
      return this.info;
    });
  }

  get file(): string {
    return this.options.file;
  }

  get(key: string): Promise<string | null> {
    return this.serial(() => {
      const value = this.readAll()[key] ?? null;
      if (value !== null) this.options.redactor.register(value);
      return value;
    });
  }

  set(key: string, value: string): Promise<void> {
    this.options.redactor.register(value);
    return this.serial(() => {
      const all = this.readAll();
      all[key] = value;
      this.writeAll(all);
    });
  }

  delete(key: string): Promise<void> {
    return this.serial(() => {
      const all = this.readAll();
      if (!Object.hasOwn(all, key)) return;
      delete all[key];
      this.writeAll(all);
    });
  }

  /**
   * Calls run one after another. A store that cannot be opened refuses writes too (each write reads the
   * file first): replacing it silently would lose the secrets it holds. The user resets it explicitly.
   */
  private serial<T>(work: () => T): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private readAll(): Record<string, string> {
    let raw: string;
    try {
      raw = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw this.failure(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const envelope = this.parseEnvelope(raw);
    if (envelope.keyId !== this.keyId) {
      throw this.failure('was encrypted with a different key: check TIDEWATCH_SECRET_KEY or the key file');
    }
    let clear: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(envelope.iv, 'base64'));
      decipher.setAAD(this.aad());
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
      clear = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
    } catch {
      throw this.failure('was modified or is corrupt (authentication failed); restore it from a backup');
    }
    const map = JSON.parse(clear.toString('utf8')) as unknown;
    if (!isStringMap(map)) throw this.failure('holds data of an unexpected shape');
    return map;
  }

  private parseEnvelope(raw: string): SecretsFile {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw this.failure('is corrupt (not the expected format)');
    }
    const file = parsed as Partial<SecretsFile> | null;
    const fields = [file?.keyId, file?.iv, file?.tag, file?.data];
    if (file?.format !== FORMAT || file.version !== 1 || fields.some((field) => typeof field !== 'string')) {
      throw this.failure('is corrupt or from an unknown version');
    }
    return file as SecretsFile;
  }

  private writeAll(all: Record<string, string>): void {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(this.aad());
    const data = Buffer.concat([cipher.update(JSON.stringify(all), 'utf8'), cipher.final()]);
    const envelope: SecretsFile = {
      format: FORMAT,
      version: 1,
      keyId: this.keyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    writeFileAtomic(this.file, `${JSON.stringify(envelope)}\n`);
  }

  /** The header is bound to the ciphertext, so changing the key id or format is detected too. */
  private aad(): Buffer {
    return Buffer.from(`${FORMAT}:1:${this.keyId}`);
  }

  private failure(problem: string): AppError {
    return new AppError('SECRET_BACKEND', `The secrets file ${this.file} ${problem}`);
  }
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}

/** Temp file in the same directory (so rename is atomic), created 0600, synced before it replaces the old one. */
function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = join(dirname(file), `.${randomBytes(6).toString('hex')}.secrets.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, file);
}

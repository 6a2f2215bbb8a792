import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppInfo } from '@shared/schemas/app';
import type { Redactor } from '../logging/redactor';
import { EncryptedFileSecretStore } from './encrypted-file-secret-store';
import { KeychainSecretStore, type KeytarLike } from './keychain-secret-store';
import { MemorySecretStore } from './memory-secret-store';
import { parseSecretKey, readSecretKeyFile } from './secret-key-material';
import type { SecretStore } from './secret-store';
import { UnavailableSecretStore } from './unavailable-secret-store';

/** Environment variables the companion reads; documented in the error the user sees when none is set. */
export const SECRET_ENV = {
  /** 32 bytes as 64 hex characters or base64. */
  key: 'TIDEWATCH_SECRET_KEY',
  /** Path of a file (mode 0600) holding the key as text or 32 raw bytes. */
  keyFile: 'TIDEWATCH_SECRET_KEY_FILE',
  /** `keychain` lets a companion on a desktop session use the OS keychain instead of the file. */
  backend: 'TIDEWATCH_SECRET_BACKEND',
} as const;

export const SECRETS_FILE_NAME = 'secrets.enc';

export interface ChooseSecretStoreOptions {
  mode: AppInfo['mode'];
  dataDir: string;
  env: Record<string, string | undefined>;
  redactor: Redactor;
  /** For tests of the keychain path with a broken backend. */
  keytar?: KeytarLike;
  /**
   * The companion's own key file, used when no key is configured: created with a random key on first start
   * (mode 0600, in a 0700 folder apart from the data folder) and read on every later start, so secrets
   * survive restarts without the user managing a key.
   */
  defaultKeyFile?: string;
}

/**
 * Picks the secret backend explicitly, never as a silent fallback:
 * - desktop → the OS keychain (an unusable keychain is reported through `info.error`);
 * - companion → the encrypted file `<dataDir>/secrets.enc` when a key is configured, the keychain when
 *   TIDEWATCH_SECRET_BACKEND=keychain, otherwise an error state that says what to set;
 * - test → memory.
 */
export async function chooseSecretStore(options: ChooseSecretStoreOptions): Promise<SecretStore> {
  const { mode, env, redactor } = options;
  if (mode === 'test') return new MemorySecretStore();
  if (mode === 'desktop' || env[SECRET_ENV.backend] === 'keychain') {
    return KeychainSecretStore.open(redactor, { keytar: options.keytar });
  }
  try {
    const file = join(options.dataDir, SECRETS_FILE_NAME);
    const configured = await companionKey(env);
    if (configured) return new EncryptedFileSecretStore({ file, redactor, ...configured });
    if (!options.defaultKeyFile) return new UnavailableSecretStore('encrypted-file', notConfigured());
    const keyFile = options.defaultKeyFile;
    ensureKeyFile(keyFile);
    return new EncryptedFileSecretStore({ file, key: await readSecretKeyFile(keyFile), keyFile, redactor });
  } catch (error) {
    return new UnavailableSecretStore('encrypted-file', (error as Error).message);
  }
}

/** Creates the default key file once: 32 random bytes as hex, 0600, in a 0700 folder; never overwritten. */
export function ensureKeyFile(path: string): boolean {
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // `wx`: if another process created it meanwhile, keep theirs (the write fails) rather than replace it.
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
  return true;
}

async function companionKey(
  env: Record<string, string | undefined>,
): Promise<{ key: Buffer; keyFile: string | null } | null> {
  const inline = env[SECRET_ENV.key];
  const file = env[SECRET_ENV.keyFile];
  if (inline && file)
    throw new Error(`Set only one of ${SECRET_ENV.key} and ${SECRET_ENV.keyFile}, not both`);
  if (inline) return { key: parseSecretKey(inline, SECRET_ENV.key), keyFile: null };
  if (file) return { key: await readSecretKeyFile(file), keyFile: file };
  return null;
}

function notConfigured(): string {
  return (
    `No secret key is configured for the headless companion: set ${SECRET_ENV.key} (32 bytes as hex or base64, ` +
    `e.g. from "openssl rand -base64 32") or ${SECRET_ENV.keyFile} (a file with mode 0600), ` +
    `or ${SECRET_ENV.backend}=keychain to use the OS keychain`
  );
}

import { join } from 'node:path';
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
    const key = companionKey(env);
    if (!key) return new UnavailableSecretStore('encrypted-file', notConfigured());
    return new EncryptedFileSecretStore({ file: join(options.dataDir, SECRETS_FILE_NAME), key, redactor });
  } catch (error) {
    return new UnavailableSecretStore('encrypted-file', (error as Error).message);
  }
}

function companionKey(env: Record<string, string | undefined>): Buffer | null {
  const inline = env[SECRET_ENV.key];
  const file = env[SECRET_ENV.keyFile];
  if (inline && file)
    throw new Error(`Set only one of ${SECRET_ENV.key} and ${SECRET_ENV.keyFile}, not both`);
  if (inline) return parseSecretKey(inline, SECRET_ENV.key);
  if (file) return readSecretKeyFile(file);
  return null;
}

function notConfigured(): string {
  return (
    `No secret key is configured for the headless companion: set ${SECRET_ENV.key} (32 bytes as hex or base64, ` +
    `e.g. from "openssl rand -base64 32") or ${SECRET_ENV.keyFile} (a file with mode 0600), ` +
    `or ${SECRET_ENV.backend}=keychain to use the OS keychain`
  );
}

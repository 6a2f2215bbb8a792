import { AppError } from '@shared/rpc/errors';
import type { SecretBackendInfo } from '@shared/schemas/app';
import type { Redactor } from '../logging/redactor';
import type { SecretStore } from './secret-store';

/** The service name every Tidewatch secret is filed under in the OS keychain; the account is the secret key. */
export const KEYCHAIN_SERVICE = 'tidewatch';

/** The part of keytar this store uses, so a test can hand in a broken backend without patching modules. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeychainOptions {
  /** Defaults to the real keytar module, loaded lazily so a missing native build becomes a reported error. */
  keytar?: KeytarLike;
  /** A keychain that asks for an unlock prompt nobody answers would hang every call; give up after this. */
  timeoutMs?: number;
}

const PROBE_ACCOUNT = 'tidewatch:probe:backend';
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Secrets in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential Vault on Windows)
 * through keytar. `open()` probes the keychain once: when it cannot be used, `info.error` says why and
 * every call throws SECRET_BACKEND. It never falls back to another place: a secret stored somewhere the
 * user did not choose is worse than a clear error.
 */
export class KeychainSecretStore implements SecretStore {
  private backendError: string | null;

  private constructor(
    private readonly keytar: KeytarLike | null,
    private readonly redactor: Redactor,
    private readonly timeoutMs: number,
    error: string | null,
  ) {
    this.backendError = error;
  }

  static async open(redactor: Redactor, options: KeychainOptions = {}): Promise<KeychainSecretStore> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let keytar = options.keytar ?? null;
    if (!keytar) {
      try {
        keytar = await loadKeytar();
      } catch (error) {
        return new KeychainSecretStore(
          null,
          redactor,
          timeoutMs,
          unavailable(`keytar could not load (${messageOf(error)})`),
        );
      }
    }
    const store = new KeychainSecretStore(keytar, redactor, timeoutMs, null);
    await store.recheck();
    return store;
  }

  get info(): SecretBackendInfo {
    return { kind: 'keychain', error: this.backendError, keyFile: null, resettable: false };
  }

  /** Probes the keychain again (the user may have started or unlocked it); updates `info.error`. */
  async recheck(): Promise<SecretBackendInfo> {
    if (!this.keytar) return this.info;
    try {
      await this.withTimeout(this.keytar.getPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT));
      this.backendError = null;
    } catch (error) {
      this.backendError = unavailable(messageOf(error));
    }
    return this.info;
  }

  async get(key: string): Promise<string | null> {
    const keytar = this.usable();
    const value = await this.call('read', keytar.getPassword(KEYCHAIN_SERVICE, key));
    if (value !== null) this.redactor.register(value);
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    const keytar = this.usable();
    this.redactor.register(value);
    await this.call('write', keytar.setPassword(KEYCHAIN_SERVICE, key, value));
  }

  async delete(key: string): Promise<void> {
    const keytar = this.usable();
    await this.call('delete', keytar.deletePassword(KEYCHAIN_SERVICE, key));
  }

  private usable(): KeytarLike {
    if (this.backendError || !this.keytar) {
      throw new AppError('SECRET_BACKEND', this.backendError ?? unavailable('keytar is not loaded'));
    }
    return this.keytar;
  }

  private async call<T>(action: string, work: Promise<T>): Promise<T> {
    try {
      return await this.withTimeout(work);
    } catch (error) {
      // keytar's messages come from the Secret Service (no secret values in them); keep them for diagnosis.
      throw new AppError(
        'SECRET_BACKEND',
        `Could not ${action} a secret in the OS keychain: ${messageOf(error)}`,
      );
    }
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no answer within ${Math.round(this.timeoutMs / 1000)} s (is the keychain locked?)`),
          ),
        this.timeoutMs,
      );
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}

async function loadKeytar(): Promise<KeytarLike> {
  const module = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
  return module.default ?? module;
}

function unavailable(reason: string): string {
  return (
    `The OS keychain is not available: ${reason}. Tidewatch stores secrets only in the keychain on the desktop; ` +
    'start or unlock a Secret Service (for example gnome-keyring or KWallet) and restart Tidewatch.'
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

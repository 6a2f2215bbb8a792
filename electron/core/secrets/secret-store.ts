import type { SecretBackendInfo } from '@shared/schemas/app';

/**
 * Where secrets live: the OS keychain on the desktop, an encrypted file in headless mode, memory in tests.
 * Keys are stable strings `tidewatch:<kind>:<id>`; the database stores only these keys.
 */
export interface SecretStore {
  readonly info: SecretBackendInfo;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Starts a new empty store when the current one cannot be opened (encrypted file only); CONFLICT otherwise. */
  reset?(now: Date): Promise<SecretBackendInfo>;
}

export function secretKey(kind: string, id: string | number): string {
  return `tidewatch:${kind}:${id}`;
}

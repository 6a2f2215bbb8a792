import type { SecretStore } from './secret-store';

/** Secrets in memory only: for unit tests, never chosen by the app itself. */
export class MemorySecretStore implements SecretStore {
  readonly info = { kind: 'memory' as const, error: null, keyFile: null, resettable: false };
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

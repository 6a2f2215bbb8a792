import { randomBytes } from 'node:crypto';
import type { WebhookSecretName } from '@shared/schemas/webhooks';
import type { Redactor } from '../logging/redactor';
import { secretKey, type SecretStore } from '../secrets/secret-store';

/**
 * One secret per webhook source (and the DIUN-compatible API's token), kept in the secret store. They
 * are cached in memory because every delivery needs one, and registered with the log redactor so a
 * secret that lands in a URL or an error never reaches the log.
 */
export class WebhookSecrets {
  private readonly cache = new Map<WebhookSecretName, string | null>();

  constructor(
    private readonly store: SecretStore,
    private readonly redactor?: Redactor,
  ) {}

  /** The secret, or null when none was ever made (that source then accepts nothing). */
  async get(name: WebhookSecretName): Promise<string | null> {
    if (!this.cache.has(name)) {
      const value = await this.store.get(secretKey('webhook', name));
      if (value) this.redactor?.register(value);
      this.cache.set(name, value);
    }
    return this.cache.get(name) ?? null;
  }

  /** The secret, made now when missing (the Settings page shows every endpoint ready to copy). */
  async ensure(name: WebhookSecretName): Promise<string> {
    return (await this.get(name)) ?? this.set(name, generateSecret());
  }

  regenerate(name: WebhookSecretName): Promise<string> {
    return this.set(name, generateSecret());
  }

  async set(name: WebhookSecretName, value: string): Promise<string> {
    await this.store.set(secretKey('webhook', name), value);
    this.redactor?.register(value);
    this.cache.set(name, value);
    return value;
  }
}

/** 32 random bytes, URL-safe: it travels in paths (CI hook, Docker Hub) as well as headers. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

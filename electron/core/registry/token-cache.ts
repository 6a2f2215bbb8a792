import type { Clock } from '../util/clock';

/** Tokens live at least this long when the server says nothing (the distribution spec's default). */
const DEFAULT_EXPIRES_SECONDS = 60;
/** Renew a little early so a token does not expire between the check and the request. */
const RENEW_MARGIN_MS = 10_000;

/** Bearer tokens per (registry, scope), kept until shortly before `expires_in` runs out. */
export class TokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  get(registry: string, scope: string): string | null {
    const entry = this.tokens.get(key(registry, scope));
    if (!entry) return null;
    if (entry.expiresAt - RENEW_MARGIN_MS <= this.clock.now().getTime()) {
      this.tokens.delete(key(registry, scope));
      return null;
    }
    return entry.token;
  }

  set(registry: string, scope: string, token: string, expiresInSeconds: number | undefined): void {
    const seconds = expiresInSeconds && expiresInSeconds > 0 ? expiresInSeconds : DEFAULT_EXPIRES_SECONDS;
    this.tokens.set(key(registry, scope), { token, expiresAt: this.clock.now().getTime() + seconds * 1000 });
  }

  /** Forget every token of a registry (credentials changed or a token was refused). */
  forget(registry: string): void {
    for (const cacheKey of this.tokens.keys())
      if (cacheKey.startsWith(`${registry}\n`)) this.tokens.delete(cacheKey);
  }

  get size(): number {
    return this.tokens.size;
  }
}

function key(registry: string, scope: string): string {
  return `${registry}\n${scope}`;
}

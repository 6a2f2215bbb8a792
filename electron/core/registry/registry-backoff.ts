import type { Clock } from '../util/clock';

const DEFAULT_RETRY_AFTER_MS = 60_000;
const SERVER_ERROR_BASE_MS = 30_000;
const MAX_BACKOFF_MS = 30 * 60_000;

interface RegistryState {
  blockedUntil: Date | null;
  serverErrors: number;
  remaining: number | null;
}

/**
 * Per-registry politeness: after a 429 nothing goes to that registry until Retry-After has passed; after
 * 5xx answers the wait doubles (30 s, 1 min, 2 min … 30 min) and resets on the next success.
 */
export class RegistryBackoff {
  private readonly states = new Map<string, RegistryState>();

  constructor(private readonly clock: Clock) {}

  /** The time before which `registry` must not be called, or null when it may be called now. */
  blockedUntil(registry: string): Date | null {
    const until = this.states.get(registry)?.blockedUntil ?? null;
    return until !== null && until.getTime() > this.clock.now().getTime() ? until : null;
  }

  rateLimited(registry: string, retryAfterHeader: string | null): Date {
    const until = new Date(this.clock.now().getTime() + parseRetryAfter(retryAfterHeader, this.clock.now()));
    this.state(registry).blockedUntil = until;
    return until;
  }

  serverError(registry: string, retryAfterHeader: string | null): Date {
    const state = this.state(registry);
    state.serverErrors += 1;
    const exponential = Math.min(MAX_BACKOFF_MS, SERVER_ERROR_BASE_MS * 2 ** (state.serverErrors - 1));
    const asked = retryAfterHeader === null ? 0 : parseRetryAfter(retryAfterHeader, this.clock.now());
    state.blockedUntil = new Date(this.clock.now().getTime() + Math.max(exponential, asked));
    return state.blockedUntil;
  }

  succeeded(registry: string): void {
    const state = this.states.get(registry);
    if (state) state.serverErrors = 0;
  }

  /** Remembers `ratelimit-remaining: 97;w=21600` (Docker Hub) or a plain number. */
  recordRemaining(registry: string, header: string | null): void {
    if (header === null) return;
    const value = Number.parseInt(header, 10);
    if (Number.isFinite(value)) this.state(registry).remaining = value;
  }

  snapshot(): Array<{ registry: string; remaining: number | null; blockedUntil: Date | null }> {
    return [...this.states.entries()].map(([registry, state]) => ({
      registry,
      remaining: state.remaining,
      blockedUntil: this.blockedUntil(registry),
    }));
  }

  private state(registry: string): RegistryState {
    let state = this.states.get(registry);
    if (!state) {
      state = { blockedUntil: null, serverErrors: 0, remaining: null };
      this.states.set(registry, state);
    }
    return state;
  }
}

/** Retry-After is either delta-seconds or an HTTP date; anything unreadable means "a minute". */
export function parseRetryAfter(header: string | null, now: Date): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, 24 * 3600_000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return DEFAULT_RETRY_AFTER_MS;
  return Math.max(0, Math.min(date - now.getTime(), 24 * 3600_000));
}

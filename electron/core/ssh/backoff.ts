/** How reconnect attempts spread out: exponential growth, capped, with jitter so hosts do not retry in step. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: the share of the delay that is random (0.3 → between 70 % and 100 % of the nominal delay). */
  jitter: number;
}

/**
 * Capped at 20 s: a host that comes back after a long outage is connected again within 20 s plus one attempt
 * (under 30 s), while a host that stays down costs one connection attempt every 14-20 s.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 20_000, factor: 2, jitter: 0.3 };

/** Delay before retry number `attempt` (0 for the first retry). `random` returns [0, 1) like Math.random. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt, 40));
  const nominal = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(nominal * (1 - jitter * random()));
}

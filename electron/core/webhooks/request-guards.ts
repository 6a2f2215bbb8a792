import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** A request refused before any work: the status and a short reason for the body (never a secret). */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(reason);
  }
}

/**
 * Reads the raw body (signatures are over these bytes) up to `limit` bytes. A declared length over the
 * limit is refused before reading; a body that grows past it is cut off (413) without buffering the rest.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new Refusal(413, `body over ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (refusal: Refusal) => {
      if (settled) return;
      settled = true;
      request.removeAllListeners('data');
      request.resume(); // drain what is in flight; the answer closes the connection
      reject(refusal);
    };
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(new Refusal(413, `body over ${limit} bytes`));
      else chunks.push(chunk);
    });
    request.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    request.on('error', () => fail(new Refusal(400, 'request aborted')));
  });
}

/** JSON only: anything else is 415 before the body is read. */
export function requireJson(request: IncomingMessage): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json') throw new Refusal(415, 'expected Content-Type: application/json');
}

/** Parses a JSON body; 400 with a short reason when it is not an object. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Refusal(400, 'invalid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal(400, 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * The client's address. `X-Forwarded-For` is believed only when the socket's peer is a configured proxy,
 * and then only its entries appended by trusted proxies: walking from the right, the first address that is
 * not a trusted proxy is the client (entries further left are whatever the client chose to send).
 */
export function clientAddress(request: IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = normalize(request.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.includes(peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => normalize(entry.trim()))
    .filter((entry) => isIP(entry) !== 0);
  for (let index = list.length - 1; index >= 0; index -= 1) {
    const entry = list[index] ?? '';
    if (!trustedProxies.includes(entry)) return entry;
  }
  return peer;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is written as `10.0.0.1`. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * A token bucket per key (source and client): `perMinute` deliveries a minute, bursts up to the same
 * number. Idle buckets are dropped so a scan from many addresses cannot grow the map without bound.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private static readonly MAX_KEYS = 10_000;

  constructor(private readonly perMinute: () => number) {}

  /** null when allowed; else the seconds to wait. */
  take(key: string, now: number): number | null {
    const rate = this.perMinute();
    const perMs = rate / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    if (!this.buckets.has(key)) this.remember(key, bucket, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  private remember(key: string, bucket: { tokens: number; at: number }, now: number): void {
    if (this.buckets.size >= RateLimiter.MAX_KEYS) {
      // Full buckets carry no state worth keeping: drop those that have refilled.
      for (const [other, value] of this.buckets) {
        if (value.tokens + (now - value.at) * (this.perMinute() / 60_000) >= this.perMinute())
          this.buckets.delete(other);
      }
      if (this.buckets.size >= RateLimiter.MAX_KEYS) this.buckets.clear();
    }
    this.buckets.set(key, bucket);
  }
}

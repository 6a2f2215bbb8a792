import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signature and secret checks for webhook deliveries. Every comparison is constant-time over equal-length
 * digests, so neither the secret's content nor its length leaks through timing.
 */

/** Compares two strings without leaking where they differ (both are hashed first: equal lengths). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'tidewatch-compare').update(given).digest();
  const b = createHmac('sha256', 'tidewatch-compare').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** GitHub's `X-Hub-Signature-256: sha256=<hex>` over the raw body bytes. */
export function verifyGithubSignature(body: Buffer, header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  return hexDigestEqual(header.slice('sha256='.length), hmacHex(body, secret));
}

/** Gitea's and Forgejo's `X-Gitea-Signature` / `X-Forgejo-Signature`: the bare hex HMAC-SHA256 of the body. */
export function verifyGiteaSignature(body: Buffer, header: string | undefined, secret: string): boolean {
  if (header === undefined) return false;
  return hexDigestEqual(header, hmacHex(body, secret));
}

export function hmacHex(body: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function hexDigestEqual(given: string, expected: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), Buffer.from(expected, 'hex'));
}

import { createHash } from 'node:crypto';

/** A server key as presented during the handshake. */
export interface PresentedHostKey {
  algorithm: string;
  /** OpenSSH form: `SHA256:` + unpadded base64 of the SHA-256 of the key blob (what `ssh-keygen -lf` prints). */
  fingerprint: string;
  keyBase64: string;
}

/** A pinned key as stored for a host. */
export interface PinnedKey {
  algorithm: string;
  fingerprint: string;
  keyBase64: string;
}

export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob (a uint32 length, then the name). */
export function keyAlgorithmOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || keyBlob.length < 4 + length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

export function describeHostKey(keyBlob: Buffer): PresentedHostKey {
  return {
    algorithm: keyAlgorithmOf(keyBlob),
    fingerprint: fingerprintOf(keyBlob),
    keyBase64: keyBlob.toString('base64'),
  };
}

export type HostKeyVerdict =
  | { outcome: 'trusted'; key: PresentedHostKey }
  | { outcome: 'unknown'; key: PresentedHostKey }
  | { outcome: 'mismatch'; key: PresentedHostKey; expected: string };

/**
 * Decides whether to continue a handshake. A pinned key must match byte for byte. Without a pin, the key
 * is accepted only when it is exactly `acceptFingerprint` (a one-off test the user asked for after seeing it).
 */
export function judgeHostKey(
  keyBlob: Buffer,
  pinned: PinnedKey | null,
  acceptFingerprint?: string,
): HostKeyVerdict {
  const key = describeHostKey(keyBlob);
  if (pinned) {
    const same = pinned.fingerprint === key.fingerprint && pinned.keyBase64 === key.keyBase64;
    return same ? { outcome: 'trusted', key } : { outcome: 'mismatch', key, expected: pinned.fingerprint };
  }
  if (acceptFingerprint !== undefined && acceptFingerprint === key.fingerprint)
    return { outcome: 'trusted', key };
  return { outcome: 'unknown', key };
}

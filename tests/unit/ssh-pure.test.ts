import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../electron/core/ssh/backoff';
import { classifyConnectError } from '../../electron/core/ssh/connect-errors';
import { fingerprintOf, judgeHostKey, keyAlgorithmOf } from '../../electron/core/ssh/host-key';
import { expandHome } from '../../electron/core/ssh/ssh-dial';

const dir = mkdtempSync(join(tmpdir(), 'tw-hostkey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real key made by ssh-keygen, and ssh-keygen's own fingerprint of it, to compare with ours. */
let keys = 0;
function realKey(type: 'ed25519' | 'ecdsa' | 'rsa'): { blob: Buffer; fingerprint: string; type: string } {
  keys += 1;
  const file = join(dir, `key-${type}-${keys}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const [keyType = '', base64 = ''] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], {
    encoding: 'utf8',
  });
  return { blob: Buffer.from(base64, 'base64'), fingerprint: printed.split(/\s+/)[1] ?? '', type: keyType };
}

describe('host key fingerprints', () => {
  it.each(['ed25519', 'ecdsa', 'rsa'] as const)('match ssh-keygen -l for %s keys', (type) => {
    const key = realKey(type);
    expect(fingerprintOf(key.blob)).toBe(key.fingerprint);
    expect(fingerprintOf(key.blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyAlgorithmOf(key.blob)).toBe(key.type);
  });

  it('reads a garbled blob as an unknown algorithm instead of throwing', () => {
    expect(keyAlgorithmOf(Buffer.from([0, 0]))).toBe('unknown');
    expect(keyAlgorithmOf(Buffer.from([0xff, 0xff, 0xff, 0xff, 1]))).toBe('unknown');
  });

  it('trusts only the pinned key, byte for byte, and an unpinned key only when explicitly accepted', () => {
    const a = realKey('ed25519');
    const b = realKey('ed25519');
    const pinned = { algorithm: a.type, fingerprint: a.fingerprint, keyBase64: a.blob.toString('base64') };
    expect(judgeHostKey(a.blob, pinned).outcome).toBe('trusted');
    const mismatch = judgeHostKey(b.blob, pinned);
    expect(mismatch).toMatchObject({
      outcome: 'mismatch',
      expected: a.fingerprint,
      key: { fingerprint: b.fingerprint },
    });
    // A pin wins over an accept request: accepting never overrides a mismatch.
    expect(judgeHostKey(b.blob, pinned, b.fingerprint).outcome).toBe('mismatch');
    expect(judgeHostKey(b.blob, null).outcome).toBe('unknown');
    expect(judgeHostKey(b.blob, null, a.fingerprint).outcome).toBe('unknown');
    expect(judgeHostKey(b.blob, null, b.fingerprint).outcome).toBe('trusted');
  });
});

describe('reconnect back-off', () => {
  const policy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.3 };

  it('grows exponentially up to the cap without jitter', () => {
    const delays = [0, 1, 2, 3, 10, 100].map((attempt) => backoffDelay(attempt, policy, () => 0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 30_000, 30_000]);
  });

  it('by default, retries a host that stayed down for hours at least every 20 s', () => {
    for (const attempt of [10, 20, 40, 1000]) {
      expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => 0)).toBeLessThanOrEqual(20_000);
    }
  });

  it('takes off at most the jitter share', () => {
    expect(backoffDelay(2, policy, () => 0.999_999)).toBe(1400);
    for (let i = 0; i < 50; i += 1) {
      const delay = backoffDelay(3, policy);
      expect(delay).toBeGreaterThanOrEqual(2800);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});

describe('connect error classification', () => {
  const context = { endpoint: 'ada@10.0.0.5:22', authKind: 'password' as const, readyTimeoutMs: 20_000 };

  it('says unreachable (and retryable) for network failures', () => {
    const refused = classifyConnectError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      context,
    );
    expect(refused).toMatchObject({ state: 'unreachable', retryable: true });
    expect(refused.reason).toContain('refused');
    const noRoute = classifyConnectError(Object.assign(new Error('x'), { code: 'EHOSTUNREACH' }), context);
    expect(noRoute.reason).toContain('no route');
    const timeout = classifyConnectError(
      Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }),
      context,
    );
    expect(timeout).toMatchObject({
      state: 'unreachable',
      reason: 'No SSH answer from ada@10.0.0.5:22 within 20 s',
    });
  });

  it('says auth-failed (not retried) when the server refuses the credentials', () => {
    const failure = classifyConnectError(
      Object.assign(new Error('All configured authentication methods failed'), {
        level: 'client-authentication',
      }),
      context,
    );
    expect(failure).toMatchObject({ state: 'auth-failed', retryable: false });
    expect(failure.reason).toContain('password');
  });

  it('names the jump host when the hop fails', () => {
    const failure = classifyConnectError(new Error('(SSH) Channel open failure: open failed'), {
      ...context,
      jumpName: 'bastion',
    });
    expect(failure.reason).toContain('bastion');
  });
});

describe('key paths', () => {
  it('expands ~/ only at the start', () => {
    expect(expandHome('~/.ssh/id', '/home/ada')).toBe('/home/ada/.ssh/id');
    expect(expandHome('/etc/~/x', '/home/ada')).toBe('/etc/~/x');
  });
});

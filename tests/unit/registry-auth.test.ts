import { describe, expect, it } from 'vitest';
import { parseAuthChallenge } from '../../electron/core/registry/auth-challenge';
import { parseRetryAfter, RegistryBackoff } from '../../electron/core/registry/registry-backoff';
import { nextPagePath } from '../../electron/core/registry/registry-client';
import { TokenCache } from '../../electron/core/registry/token-cache';
import { selectPlatformEntry } from '../../electron/core/registry/platform';

function fakeClock(start = '2026-01-01T00:00:00Z') {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('parseAuthChallenge', () => {
  it('reads a Bearer challenge with realm, service and scope', () => {
    expect(
      parseAuthChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/nginx:pull',
      },
    });
  });

  it('reads Basic, unquoted values, escapes and prefers Bearer among several', () => {
    expect(parseAuthChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
    expect(parseAuthChallenge('bearer realm=http://x/t, service="a\\"b"')?.params).toEqual({
      realm: 'http://x/t',
      service: 'a"b',
    });
    expect(parseAuthChallenge('Basic realm="r", Bearer realm="https://t"')?.scheme).toBe('bearer');
    expect(parseAuthChallenge('Negotiate')?.scheme).toBe('unknown');
    expect(parseAuthChallenge(null)).toBeNull();
    expect(parseAuthChallenge('  ')).toBeNull();
  });
});

describe('TokenCache', () => {
  it('keeps a token per (registry, scope) until shortly before expires_in', () => {
    const clock = fakeClock();
    const cache = new TokenCache(clock);
    cache.set('r1', 'repository:a:pull', 'tok-a', 300);
    cache.set('r1', 'repository:b:pull', 'tok-b', undefined);
    expect(cache.get('r1', 'repository:a:pull')).toBe('tok-a');
    expect(cache.get('r2', 'repository:a:pull')).toBeNull();
    clock.advance(55_000);
    // default lifetime 60 s, renewed 10 s early
    expect(cache.get('r1', 'repository:b:pull')).toBeNull();
    expect(cache.get('r1', 'repository:a:pull')).toBe('tok-a');
    clock.advance(240_000);
    expect(cache.get('r1', 'repository:a:pull')).toBeNull();
  });

  it('forgets every token of one registry', () => {
    const cache = new TokenCache(fakeClock());
    cache.set('r1', 's', 't', 300);
    cache.set('r2', 's', 't', 300);
    cache.forget('r1');
    expect(cache.get('r1', 's')).toBeNull();
    expect(cache.get('r2', 's')).toBe('t');
  });
});

describe('RegistryBackoff', () => {
  it('blocks a registry until Retry-After has passed (seconds or HTTP date)', () => {
    const clock = fakeClock();
    const backoff = new RegistryBackoff(clock);
    const until = backoff.rateLimited('hub', '120');
    expect(until.toISOString()).toBe('2026-01-01T00:02:00.000Z');
    expect(backoff.blockedUntil('hub')).toEqual(until);
    expect(backoff.blockedUntil('other')).toBeNull();
    clock.advance(120_001);
    expect(backoff.blockedUntil('hub')).toBeNull();
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', new Date('2026-01-01T00:00:00Z'))).toBe(30_000);
    expect(parseRetryAfter('garbage', new Date())).toBe(60_000);
    expect(parseRetryAfter(null, new Date())).toBe(60_000);
  });

  it('doubles the wait on repeated 5xx and resets on success', () => {
    const clock = fakeClock();
    const backoff = new RegistryBackoff(clock);
    const first = backoff.serverError('r', null).getTime() - clock.now().getTime();
    const second = backoff.serverError('r', null).getTime() - clock.now().getTime();
    expect(second).toBe(first * 2);
    backoff.succeeded('r');
    expect(backoff.serverError('r', null).getTime() - clock.now().getTime()).toBe(first);
  });

  it('records ratelimit-remaining', () => {
    const backoff = new RegistryBackoff(fakeClock());
    backoff.recordRemaining('hub', '97;w=21600');
    expect(backoff.snapshot()).toEqual([{ registry: 'hub', remaining: 97, blockedUntil: null }]);
  });
});

describe('nextPagePath', () => {
  it('follows relative next links on the same API only', () => {
    expect(nextPagePath('</v2/lab/web/tags/list?n=2&last=b>; rel="next"', 'r:5000')).toBe(
      '/v2/lab/web/tags/list?n=2&last=b',
    );
    expect(nextPagePath('<http://r:5000/v2/x/tags/list?last=a>; rel="next"', 'r:5000')).toBe(
      '/v2/x/tags/list?last=a',
    );
    expect(nextPagePath('<http://evil.example/v2/x/tags/list>; rel="next"', 'r:5000')).toBeNull();
    expect(nextPagePath('</other>; rel="next"', 'r:5000')).toBeNull();
    expect(nextPagePath(null, 'r')).toBeNull();
  });
});

describe('selectPlatformEntry', () => {
  const entries = [
    { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } },
    { digest: 'sha256:arm7', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    { digest: 'sha256:arm6', platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
    { digest: 'sha256:arm64', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } },
  ];
  it.each([
    [{ os: 'linux', architecture: 'amd64' }, 'sha256:amd'],
    [{ os: 'linux', architecture: 'x86_64' }, 'sha256:amd'],
    [{ os: 'linux', architecture: 'arm', variant: 'v6' }, 'sha256:arm6'],
    [{ os: 'linux', architecture: 'arm' }, 'sha256:arm7'],
    [{ os: 'linux', architecture: 'arm64' }, 'sha256:arm64'],
    [{ os: 'linux', architecture: 'aarch64', variant: 'v8' }, 'sha256:arm64'],
    [{ os: 'windows', architecture: 'amd64' }, null],
    [{ os: 'linux', architecture: 's390x' }, null],
  ])('%j → %s', (platform, digest) => {
    expect(selectPlatformEntry(entries, platform)?.digest ?? null).toBe(digest);
  });
});

/**
 * The Nginx Proxy Manager provider against tests/support/npm-fake.ts (NPM cannot be installed here; the
 * fake follows NPM's documented REST API). The provider reaches it through its `dial`, here a plain TCP
 * socket to the fake on loopback instead of an SSH channel from the host.
 */
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NpmProvider, type NpmProviderOptions } from '../../electron/core/proxy/npm-provider';
import { startNpmFake, type NpmFake } from '../support/npm-fake';

const USER = { email: 'admin@example.com', password: 'Sup3r-Secret-pw' };
const route = {
  hostname: 'app.example.com',
  upstreams: ['web-dev-a:8080', 'web-dev-b:8080'],
  healthPath: '/',
};
let npm: NpmFake;
const dials: string[] = [];

beforeEach(async () => {
  npm = await startNpmFake(USER);
  dials.length = 0;
});
afterEach(async () => {
  await npm.close();
});

function dial(host: string, port: number): Promise<Duplex> {
  dials.push(`${host}:${port}`);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function provider(options: Partial<NpmProviderOptions> = {}): NpmProvider {
  return new NpmProvider({
    url: `http://127.0.0.1:${npm.port}`,
    email: USER.email,
    password: () => Promise.resolve(USER.password),
    dial,
    ...options,
  });
}

describe('Nginx Proxy Manager provider (against a fake of its API)', () => {
  it('creates a proxy host for the first upstream, marked as Tidewatch’s, and logs in once', async () => {
    const p = provider();
    await p.upsertRoute(route);
    expect(npm.hosts).toHaveLength(1);
    expect(npm.hosts[0]).toMatchObject({
      domain_names: ['app.example.com'],
      forward_scheme: 'http',
      forward_host: 'web-dev-a',
      forward_port: 8080,
      block_exploits: true,
      allow_websocket_upgrade: true,
      meta: { tidewatch: true },
    });
    expect(npm.requests.filter((r) => r === 'POST /api/tokens')).toHaveLength(1);
    expect(dials.every((d) => d === `127.0.0.1:${npm.port}`)).toBe(true);
    expect(await p.listRoutes()).toEqual([
      { hostname: 'app.example.com', upstreams: ['web-dev-a:8080'], managed: true },
    ]);
  });

  it('writes nothing when the proxy host is already right, and updates only the target when not', async () => {
    const p = provider();
    await p.upsertRoute(route);
    await p.upsertRoute(route);
    await p.upsertRoute({ ...route, upstreams: ['web-dev-a:8080'], healthPath: '/other' });
    expect(npm.writes()).toEqual(['POST /api/nginx/proxy-hosts']);

    // The admin picked a certificate in NPM meanwhile: moving the target keeps it.
    Object.assign(npm.hosts[0] as object, { certificate_id: 7, ssl_forced: true });
    await p.upsertRoute({ ...route, upstreams: ['web-dev-b:9090'] });
    expect(npm.writes()).toEqual(['POST /api/nginx/proxy-hosts', 'PUT /api/nginx/proxy-hosts/1']);
    expect(npm.hosts[0]).toMatchObject({
      forward_host: 'web-dev-b',
      forward_port: 9090,
      certificate_id: 7,
      ssl_forced: true,
      meta: { tidewatch: true },
    });
  });

  it('never takes over or deletes a proxy host the admin made', async () => {
    npm.hosts.push({
      id: 99,
      domain_names: ['app.example.com'],
      forward_scheme: 'http',
      forward_host: 'legacy',
      forward_port: 80,
      meta: {},
    });
    const p = provider();
    await expect(p.upsertRoute(route)).rejects.toMatchObject({ code: 'CONFLICT', message: /NPM id 99/ });
    expect(await p.deleteRoute('app.example.com')).toBe(false);
    expect(npm.hosts).toHaveLength(1);
    expect(await p.listRoutes()).toEqual([
      { hostname: 'app.example.com', upstreams: ['legacy:80'], managed: false },
    ]);
  });

  it('deletes its own proxy host; a second delete is not an error', async () => {
    const p = provider();
    await p.upsertRoute(route);
    expect(await p.deleteRoute('App.Example.com')).toBe(true);
    expect(await p.deleteRoute('app.example.com')).toBe(false);
    expect(npm.hosts).toEqual([]);
  });

  it('logs in again when the token stops working', async () => {
    const p = provider();
    await p.listRoutes();
    npm.expireTokens();
    await p.upsertRoute(route);
    expect(npm.requests.filter((r) => r === 'POST /api/tokens')).toHaveLength(2);
    expect(npm.hosts).toHaveLength(1);
  });

  it('says a wrong password is wrong, without the password anywhere in the error', async () => {
    const wrong = 'Wrong-Secret-123';
    const p = provider({ password: () => Promise.resolve(wrong) });
    const error = (await p.upsertRoute(route).catch((e: unknown) => e)) as Error & {
      code: string;
      field: string;
    };
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', field: 'npmPassword' });
    expect(error.message).toMatch(/refused the login as admin@example.com: Invalid password/);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(wrong);
    const health = await p.health();
    expect(health.ok).toBe(false);
    expect(health.detail).not.toContain(wrong);
    expect(npm.writes()).toEqual([]);
  });

  it('reports a missing password, an unreachable API and a health summary', async () => {
    await expect(provider({ password: () => Promise.resolve(null) }).listRoutes()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: /No Nginx Proxy Manager password/,
    });
    const port = npm.port;
    await npm.close();
    const gone = provider({ url: `http://127.0.0.1:${port}` });
    await expect(gone.listRoutes()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: /cannot be reached/,
    });
    npm = await startNpmFake(USER);
    expect(await provider().health()).toEqual({
      ok: true,
      detail: `Nginx Proxy Manager 2.11.3 answers at 127.0.0.1:${npm.port}; the login as admin@example.com works`,
    });
  });

  it('accepts plain http addresses only, and an API below a path', async () => {
    expect(() => provider({ url: 'https://npm.example.com' })).toThrow(
      expect.objectContaining({ code: 'UNAVAILABLE', field: 'npmUrl' }),
    );
    expect(() => provider({ url: 'not a url' })).toThrow(expect.objectContaining({ field: 'npmUrl' }));
    const below = provider({ url: `http://127.0.0.1:${npm.port}/npm/` });
    await expect(below.listRoutes()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(npm.requests).toContain('POST /npm/api/tokens');
  });
});

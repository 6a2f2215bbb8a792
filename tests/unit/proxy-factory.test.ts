import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ProxySettings } from '@shared/schemas/workloads';
import { createProxyProvider, type ProxyProviderDeps } from '../../electron/core/proxy/proxy-factory';

const base: ProxySettings = {
  hostId: 'h1' as ProxySettings['hostId'],
  kind: 'none',
  caddyContainer: null,
  caddyAdminPort: 2019,
  traefikEntrypoint: null,
  traefikCertResolver: null,
  npmUrl: null,
  npmEmail: null,
  npmPasswordSet: false,
  bindBasePath: null,
  https: false,
};

// Nothing here dials or asks Docker: these are the settings checks made before any connection.
const deps: ProxyProviderDeps = {
  dial: () => Promise.reject(new Error('not in this test')),
  docker: {} as Docker,
  npmPassword: () => Promise.resolve(null),
  listContainers: () => Promise.resolve([]),
};

describe('createProxyProvider', () => {
  it('gives direct ports a provider that routes nothing and says there is no zero-downtime switch', async () => {
    const none = createProxyProvider(base, deps);
    expect(none.kind).toBe('none');
    await none.upsertRoute({ hostname: 'a.example.com', upstreams: ['a:80'], healthPath: '/' });
    expect(await none.deleteRoute('a.example.com')).toBe(false);
    expect(await none.listRoutes()).toEqual([]);
    expect(none.containerLabels({ hostname: 'a.example.com', upstreams: ['a:80'], healthPath: '/' })).toEqual(
      {},
    );
    expect(await none.health()).toEqual({
      ok: true,
      detail: expect.stringMatching(/no zero-downtime switch/),
    });
  });

  it('refuses settings that cannot work, naming the field', () => {
    const cases: Array<[Partial<ProxySettings>, string, RegExp]> = [
      [{ kind: 'caddy' }, 'caddyContainer', /No Caddy container/],
      [{ kind: 'caddy', caddyContainer: '  ' }, 'caddyContainer', /No Caddy container/],
      [{ kind: 'npm', npmEmail: 'a@b.c' }, 'npmUrl', /No Nginx Proxy Manager address/],
      [{ kind: 'npm', npmUrl: 'http://127.0.0.1:81' }, 'npmEmail', /e-mail/],
      [{ kind: 'npm', npmUrl: 'ftp://x', npmEmail: 'a@b.c' }, 'npmUrl', /plain http/],
      [{ kind: 'traefik', traefikCertResolver: 'a/b' }, 'traefikCertResolver', /not a Traefik name/],
    ];
    for (const [settings, field, message] of cases) {
      expect(() => createProxyProvider({ ...base, ...settings }, deps), field).toThrow(
        expect.objectContaining({ field, message: expect.stringMatching(message) }),
      );
    }
  });

  it('builds each kind from complete settings', () => {
    expect(createProxyProvider({ ...base, kind: 'caddy', caddyContainer: 'caddy' }, deps).kind).toBe('caddy');
    expect(createProxyProvider({ ...base, kind: 'traefik' }, deps).kind).toBe('traefik');
    const npm = { ...base, kind: 'npm' as const, npmUrl: 'http://127.0.0.1:81', npmEmail: 'a@b.c' };
    expect(createProxyProvider(npm, deps).kind).toBe('npm');
  });
});

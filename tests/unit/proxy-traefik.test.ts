/**
 * The Traefik provider writes nothing on the proxy: its routes are the labels on the instances. Traefik
 * itself cannot be installed here, so these tests check the labels against Traefik's documented label
 * syntax (routers, services, load balancer health checks), not against a running Traefik.
 */
import { describe, expect, it } from 'vitest';
import {
  TraefikProvider,
  traefikName,
  type TraefikContainer,
  type TraefikProviderOptions,
} from '../../electron/core/proxy/traefik-provider';

const route = {
  hostname: 'app.example.com',
  upstreams: ['web-dev-a:8080', 'web-dev-b:8080'],
  healthPath: '/healthz',
};

function provider(
  options: Partial<TraefikProviderOptions> = {},
  containers: TraefikContainer[] = [],
): TraefikProvider {
  return new TraefikProvider({
    entrypoint: null,
    certResolver: null,
    https: false,
    listContainers: () => Promise.resolve(containers),
    ...options,
  });
}

describe('Traefik labels', () => {
  it('routes the hostname to the container port, with a health check, on the web entry point', () => {
    const name = traefikName('app.example.com');
    expect(name).toMatch(/^tidewatch-app-example-com-[0-9a-f]{6}$/);
    expect(provider().containerLabels(route)).toEqual({
      'traefik.enable': 'true',
      [`traefik.http.routers.${name}.rule`]: 'Host(`app.example.com`)',
      [`traefik.http.routers.${name}.entrypoints`]: 'web',
      [`traefik.http.routers.${name}.service`]: name,
      [`traefik.http.services.${name}.loadbalancer.server.port`]: '8080',
      [`traefik.http.services.${name}.loadbalancer.healthcheck.path`]: '/healthz',
      [`traefik.http.services.${name}.loadbalancer.healthcheck.interval`]: '2s',
      [`traefik.http.services.${name}.loadbalancer.healthcheck.timeout`]: '3s',
      'tidewatch.route': 'app.example.com',
    });
  });

  it('adds TLS and the certificate resolver, and uses the entry point given', () => {
    const labels = provider({ https: true, certResolver: 'le' }).containerLabels(route);
    const name = traefikName('app.example.com');
    expect(labels).toMatchObject({
      [`traefik.http.routers.${name}.entrypoints`]: 'websecure',
      [`traefik.http.routers.${name}.tls`]: 'true',
      [`traefik.http.routers.${name}.tls.certresolver`]: 'le',
    });
    expect(provider({ entrypoint: 'public' }).containerLabels(route)).toMatchObject({
      [`traefik.http.routers.${name}.entrypoints`]: 'public',
    });
    expect(Object.keys(provider().containerLabels(route)).some((key) => key.includes('.tls'))).toBe(false);
  });

  it('keeps router names apart and without dots (a dot would split the label key)', () => {
    expect(traefikName('a-b.c')).not.toBe(traefikName('a.b-c'));
    expect(traefikName('a.b.c')).not.toContain('.');
  });

  it('refuses what Traefik labels cannot say', async () => {
    expect(() => provider({ entrypoint: 'web secure' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'traefikEntrypoint' }),
    );
    expect(() => provider().containerLabels({ ...route, hostname: '*.example.com' })).toThrow(/wildcard/);
    await expect(provider().upsertRoute({ ...route, upstreams: ['nope'] })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});

describe('Traefik routes from the host’s containers', () => {
  const labels = provider().containerLabels(route);
  const containers: TraefikContainer[] = [
    { Names: ['/traefik'], Image: 'traefik:v3.1', Labels: {}, State: 'running' },
    { Names: ['/web-dev-1'], Image: 'reg/web:1', Labels: labels, State: 'running' },
    { Names: ['/web-dev-2'], Image: 'reg/web:2', Labels: labels, State: 'running' },
    { Names: ['/web-dev-0'], Image: 'reg/web:0', Labels: labels, State: 'exited' },
    {
      Names: ['/blog'],
      Image: 'ghost',
      Labels: {
        'traefik.enable': 'true',
        'traefik.http.routers.blog.rule': 'Host(`blog.example.com`) || Host(`www.blog.example.com`)',
        'traefik.http.services.blog.loadbalancer.server.port': '2368',
      },
      State: 'running',
    },
    {
      Names: ['/off'],
      Image: 'x',
      Labels: { 'traefik.enable': 'false', 'traefik.http.routers.off.rule': 'Host(`off.example.com`)' },
      State: 'running',
    },
  ];

  it('lists one route per hostname: blue and green together, the admin’s own as unmanaged', async () => {
    expect(await provider({}, containers).listRoutes()).toEqual([
      { hostname: 'app.example.com', upstreams: ['web-dev-1:8080', 'web-dev-2:8080'], managed: true },
      { hostname: 'blog.example.com', upstreams: ['blog:2368'], managed: false },
      { hostname: 'www.blog.example.com', upstreams: ['blog:2368'], managed: false },
    ]);
  });

  it('writes and deletes nothing on the proxy', async () => {
    const p = provider({}, containers);
    await p.upsertRoute(route);
    expect(await p.deleteRoute('app.example.com')).toBe(false);
  });

  it('is healthy when a Traefik container runs, and says so when none does', async () => {
    expect(await provider({}, containers).health()).toEqual({
      ok: true,
      detail: expect.stringContaining('traefik:v3.1'),
    });
    expect((await provider({}, containers.slice(1)).health()).ok).toBe(false);
    const broken = provider({ listContainers: () => Promise.reject(new Error('engine gone')) });
    expect(await broken.health()).toEqual({ ok: false, detail: expect.stringContaining('engine gone') });
    await expect(broken.listRoutes()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

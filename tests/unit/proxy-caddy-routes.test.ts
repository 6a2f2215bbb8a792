import { describe, expect, it } from 'vitest';
import { caddyRoute, caddyRouteId, readCaddyRoutes, sameJson } from '../../electron/core/proxy/caddy-routes';
import { checkHostname, checkRoute, parseUpstream } from '../../electron/core/proxy/route-spec';

const route = {
  hostname: 'app.example.com',
  upstreams: ['web-dev-a:8080', 'web-dev-b:8080'],
  healthPath: '/healthz',
};

describe('Caddy route JSON', () => {
  it('is the measured zero-loss shape: both slots in order, first healthy one wins, retried, named', () => {
    expect(caddyRoute(route)).toEqual({
      '@id': 'tidewatch-route-app.example.com',
      match: [{ host: ['app.example.com'] }],
      handle: [
        {
          handler: 'reverse_proxy',
          upstreams: [{ dial: 'web-dev-a:8080' }, { dial: 'web-dev-b:8080' }],
          load_balancing: {
            selection_policy: { policy: 'first' },
            try_duration: '5s',
            try_interval: '250ms',
          },
          health_checks: {
            active: { uri: '/healthz', interval: '1s', timeout: '3s' },
            passive: { fail_duration: '2s', max_fails: 1 },
          },
          headers: {
            response: { set: { 'X-Tidewatch-Upstream': ['{http.reverse_proxy.upstream.hostport}'] } },
          },
        },
      ],
      terminal: true,
    });
  });

  it('compares JSON ignoring key order (Caddy answers with sorted keys), but not array order', () => {
    const wanted = caddyRoute(route);
    const asCaddyAnswers = JSON.parse(
      JSON.stringify(wanted, Object.keys(flatKeys(wanted)).sort()),
    ) as unknown;
    expect(sameJson(asCaddyAnswers, wanted)).toBe(true);
    expect(sameJson(caddyRoute({ ...route, upstreams: [...route.upstreams].reverse() }), wanted)).toBe(false);
    expect(sameJson(caddyRoute({ ...route, healthPath: '/' }), wanted)).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });

  it('reads routes back: ours by @id, the admin’s (also Caddyfile subroutes, catch-alls) as unmanaged', () => {
    const servers = {
      tidewatch: { listen: [':80'], routes: [caddyRoute(route)] },
      srv0: {
        listen: [':443'],
        routes: [
          {
            match: [{ host: ['blog.example.com', 'www.blog.example.com'] }],
            handle: [
              {
                handler: 'subroute',
                routes: [{ handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: 'blog:2368' }] }] }],
              },
            ],
          },
          // Someone copied our id onto another hostname: it is not ours for that hostname.
          { '@id': caddyRouteId('other.example.com'), match: [{ host: ['x.example.com'] }], handle: [] },
          { handle: [{ handler: 'static_response', body: 'hi' }] },
        ],
      },
    };
    expect(readCaddyRoutes(servers)).toEqual([
      { hostname: 'app.example.com', upstreams: route.upstreams, managed: true },
      { hostname: 'blog.example.com', upstreams: ['blog:2368'], managed: false },
      { hostname: 'www.blog.example.com', upstreams: ['blog:2368'], managed: false },
      { hostname: 'x.example.com', upstreams: [], managed: false },
      { hostname: '*', upstreams: [], managed: false },
    ]);
    expect(readCaddyRoutes(null)).toEqual([]);
    expect(readCaddyRoutes({ broken: { routes: 'no' } })).toEqual([]);
  });
});

describe('route checks', () => {
  it('normalises hostnames and refuses what is not one', () => {
    expect(checkHostname(' App.Example.COM ')).toBe('app.example.com');
    expect(checkHostname('*.example.com')).toBe('*.example.com');
    for (const bad of [
      '',
      'a b',
      'app.example.com/x',
      '-app.example.com',
      'a..b',
      'x'.repeat(64),
      '{http.host}',
    ]) {
      expect(() => checkHostname(bad), bad).toThrow(
        expect.objectContaining({ code: 'VALIDATION', field: 'hostname' }),
      );
    }
  });

  it('wants name:port upstreams and a path for health checks', () => {
    expect(parseUpstream('web-dev-a:8080')).toEqual({ host: 'web-dev-a', port: 8080 });
    for (const bad of ['web', ':80', 'web:0', 'web:65536', 'web:80x', 'we b:80', 'web:{port}']) {
      expect(() => parseUpstream(bad), bad).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    }
    expect(() => checkRoute({ ...route, upstreams: [] })).toThrow(/names no upstream/);
    expect(() => checkRoute({ ...route, healthPath: 'healthz' })).toThrow(
      expect.objectContaining({ field: 'healthPath' }),
    );
    expect(checkRoute({ ...route, hostname: 'APP.example.com' }).hostname).toBe('app.example.com');
  });
});

/** Every key at any depth, for a JSON.stringify replacer list that sorts them. */
function flatKeys(value: unknown, into: Record<string, true> = {}): Record<string, true> {
  if (Array.isArray(value)) value.forEach((item) => flatKeys(item, into));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      into[key] = true;
      flatKeys(inner, into);
    }
  }
  return into;
}

import type { RouteInfo, RouteSpec } from './proxy-provider';
import { isObject } from './route-spec';

/**
 * Caddy JSON for Tidewatch's routes, and reading routes back out of a Caddy config (ours and the admin's).
 * Pure functions: the admin API calls are in caddy-provider.ts.
 */

/** The HTTP server Tidewatch manages inside the Caddy container (`apps.http.servers.tidewatch`). */
export const CADDY_SERVER = 'tidewatch';
const ROUTE_ID_PREFIX = 'tidewatch-route-';

/** The `@id` that marks a route as Tidewatch's and lets the admin API address it (`/id/<id>`). */
export function caddyRouteId(hostname: string): string {
  return `${ROUTE_ID_PREFIX}${hostname}`;
}

/** Response header naming the upstream that answered: the deployer checks through the proxy which slot serves. */
export const UPSTREAM_HEADER = 'X-Tidewatch-Upstream';

/**
 * The measured zero-loss shape (LAB.md): both slots stay in the route in order, `selection_policy: first`
 * sends everything to the first healthy one, and the deployer moves a slot alias instead of calling the
 * admin API (every admin write is a full reload that resets keep-alive connections).
 * - try_duration/try_interval: a request whose upstream just went away is retried on the next one for up
 *   to 5 s instead of failing; health checks without it gave 503 storms under load.
 * - active checks every 1 s with a 3 s timeout: an empty slot's name takes ~10 s to fail to resolve inside
 *   a Docker network, so the timeout (not the resolver) decides, and the check marks it down.
 * - passive: one failed request takes an upstream out for 2 s, so the requests behind it skip it at once.
 * Verified against Caddy 2.6.2 (tests/integration/proxy-caddy.test.ts): it loads as is.
 */
export function caddyRoute(route: RouteSpec): Record<string, unknown> {
  return {
    '@id': caddyRouteId(route.hostname),
    match: [{ host: [route.hostname] }],
    handle: [
      {
        handler: 'reverse_proxy',
        upstreams: route.upstreams.map((dial) => ({ dial })),
        load_balancing: {
          selection_policy: { policy: 'first' },
          try_duration: '5s',
          try_interval: '250ms',
        },
        health_checks: {
          active: { uri: route.healthPath, interval: '1s', timeout: '3s' },
          passive: { fail_duration: '2s', max_fails: 1 },
        },
        headers: { response: { set: { [UPSTREAM_HEADER]: ['{http.reverse_proxy.upstream.hostport}'] } } },
      },
    ],
    terminal: true,
  };
}

/**
 * A new `tidewatch` server holding the given routes: on :80 for plain HTTP; on :443 with HTTPS, where
 * Caddy's automatic HTTPS gets a certificate for each route's hostname and redirects :80 there. The listen
 * address is chosen when the server is created only: an admin who moved it (say :80 was taken) keeps it.
 */
export function caddyServer(routes: Array<Record<string, unknown>>, https: boolean): Record<string, unknown> {
  return { listen: https ? [':443'] : [':80'], routes };
}

/**
 * Structural equality of two JSON values, ignoring key order (Caddy answers its config with sorted keys).
 * Used to skip writes: a route that already is what we want is left alone.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameJson(item, b[index]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]));
}

/** Every route of every HTTP server in `apps.http.servers`, one entry per hostname it matches. */
export function readCaddyRoutes(servers: unknown): RouteInfo[] {
  if (!isObject(servers)) return [];
  const found: RouteInfo[] = [];
  for (const server of Object.values(servers)) {
    const routes = isObject(server) && Array.isArray(server.routes) ? server.routes : [];
    for (const route of routes) found.push(...routeInfos(route));
  }
  return found;
}

function routeInfos(route: unknown): RouteInfo[] {
  if (!isObject(route)) return [];
  const id = typeof route['@id'] === 'string' ? route['@id'] : null;
  const hosts = (Array.isArray(route.match) ? route.match : []).flatMap((matcher) =>
    isObject(matcher) && Array.isArray(matcher.host) ? matcher.host.filter(isString) : [],
  );
  const upstreams = dials(route.handle);
  // A route without a host matcher serves every hostname: listed as `*` so the admin sees it exists.
  return (hosts.length > 0 ? hosts : ['*']).map((hostname) => ({
    hostname,
    upstreams,
    managed: id !== null && id === caddyRouteId(hostname),
  }));
}

/** Upstream dial addresses of reverse_proxy handlers, also inside subroutes (what the Caddyfile adapter makes). */
function dials(handlers: unknown): string[] {
  if (!Array.isArray(handlers)) return [];
  return handlers.flatMap((handler): string[] => {
    if (!isObject(handler)) return [];
    if (handler.handler === 'reverse_proxy' && Array.isArray(handler.upstreams)) {
      return handler.upstreams.flatMap((u) => (isObject(u) && isString(u.dial) ? [u.dial] : []));
    }
    if (handler.handler === 'subroute' && Array.isArray(handler.routes)) {
      return handler.routes.flatMap((inner) => (isObject(inner) ? dials(inner.handle) : []));
    }
    return [];
  });
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

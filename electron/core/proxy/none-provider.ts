import type { ProxyHealth, ProxyProvider, RouteInfo, RouteSpec } from './proxy-provider';

/**
 * No reverse proxy: instances are reached on their published ports. Nothing to route, so nothing to write;
 * a deploy then replaces the container in place and cannot switch without a gap.
 */
export class NoProxyProvider implements ProxyProvider {
  readonly kind = 'none' as const;

  upsertRoute(_route: RouteSpec): Promise<void> {
    return Promise.resolve();
  }

  deleteRoute(_hostname: string): Promise<boolean> {
    return Promise.resolve(false);
  }

  listRoutes(): Promise<RouteInfo[]> {
    return Promise.resolve([]);
  }

  health(): Promise<ProxyHealth> {
    return Promise.resolve({
      ok: true,
      detail:
        'No reverse proxy on this host: instances answer on their published ports, so a deploy has no ' +
        'zero-downtime switch (set up Caddy, Traefik or Nginx Proxy Manager for one)',
    });
  }

  containerLabels(_route: RouteSpec): Record<string, string> {
    return {};
  }
}

/**
 * A reverse proxy in front of workload instances on one host. Providers differ in how a route reaches an
 * instance (Caddy's admin API, Traefik's container labels, Nginx Proxy Manager's REST API), but the deployer
 * sees one interface. Every call goes through the host's SSH connection: no admin API is ever exposed.
 *
 * Zero-loss switching does not depend on the provider reloading at the right moment: a route names the
 * stage's upstream *slots* (Docker network aliases), and the deployer moves a slot alias onto a new
 * container only after its own health gate. The route itself is written once, when a stage first deploys.
 */

/** One route: a hostname served by upstream addresses (`alias:port` on the workload network). */
export interface RouteSpec {
  hostname: string;
  /** In order of preference: the first healthy one gets the traffic (`selection_policy: first`). */
  upstreams: string[];
  /** HTTP path the proxy's own health checks use (the deployer's gate comes first). */
  healthPath: string;
}

export interface RouteInfo {
  hostname: string;
  upstreams: string[];
  /** Written by Tidewatch (found by its id/marker), as opposed to routes the admin made by hand. */
  managed: boolean;
}

export interface ProxyHealth {
  ok: boolean;
  /** In words for the user: what answered, or why it did not. */
  detail: string;
}

export interface ProxyProvider {
  readonly kind: 'caddy' | 'traefik' | 'npm' | 'none';
  /** Creates or updates a route; writes nothing when the proxy already has exactly this route. */
  upsertRoute(route: RouteSpec): Promise<void>;
  /** Removes a route; a missing route is not an error. Answers whether one was removed. */
  deleteRoute(hostname: string): Promise<boolean>;
  listRoutes(): Promise<RouteInfo[]>;
  health(): Promise<ProxyHealth>;
  /** Labels a new instance needs (Traefik reads its routes from them); empty for the others. */
  containerLabels(route: RouteSpec): Record<string, string>;
}

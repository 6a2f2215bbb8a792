import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { AppError } from '@shared/rpc/errors';
import type { ProxyHealth, ProxyProvider, RouteInfo, RouteSpec } from './proxy-provider';
import { checkRoute, parseUpstream, reasonOf } from './route-spec';

/**
 * Traefik reads its routes from the labels of the containers it serves (its Docker provider), so a route
 * travels with the container: the deployer puts `containerLabels(route)` on each new instance, and there is
 * nothing to write on the proxy. During a blue-green switch the old and the new instance carry the same
 * router and service names, so Traefik balances over both until the old one stops: that is the switch.
 *
 * Traefik itself is NOT tested here: it cannot be installed on the project's machines (no Debian package,
 * nothing on npm). The unit tests check the labels against Traefik's documented label syntax (v2 and v3).
 */

/** The subset of `docker.listContainers()` rows this provider reads. */
export type TraefikContainer = Pick<Docker.ContainerInfo, 'Names' | 'Image' | 'Labels' | 'State'>;

export interface TraefikProviderOptions {
  /** Null: `websecure` with HTTPS, else `web` (Traefik's conventional entry point names). */
  entrypoint: string | null;
  certResolver: string | null;
  https: boolean;
  /** The host's containers (all states; only running ones count). */
  listContainers: () => Promise<TraefikContainer[]>;
}

/** Marks the instances whose router Tidewatch wrote; its value is the hostname. */
export const TIDEWATCH_ROUTE_LABEL = 'tidewatch.route';
const LABEL_NAME = /^[A-Za-z0-9_-]{1,100}$/;

export class TraefikProvider implements ProxyProvider {
  readonly kind = 'traefik' as const;

  constructor(private readonly options: TraefikProviderOptions) {
    for (const [field, value] of [
      ['traefikEntrypoint', options.entrypoint],
      ['traefikCertResolver', options.certResolver],
    ] as const) {
      if (value !== null && !LABEL_NAME.test(value)) {
        throw new AppError(
          'VALIDATION',
          `"${value}" is not a Traefik name (letters, digits, - and _)`,
          field,
        );
      }
    }
  }

  /** Nothing to write: the labels on the instance are the route. */
  async upsertRoute(route: RouteSpec): Promise<void> {
    // Still refuses a route its labels could not express, like the other providers would.
    this.containerLabels(route);
  }

  /** Nothing to remove: a route disappears with the last container carrying its labels. */
  deleteRoute(_hostname: string): Promise<boolean> {
    return Promise.resolve(false);
  }

  async listRoutes(): Promise<RouteInfo[]> {
    const running = (await this.containers()).filter((container) => container.State === 'running');
    const byHost = new Map<string, RouteInfo>();
    for (const container of running) {
      for (const found of routesOf(container)) {
        const seen = byHost.get(found.hostname);
        if (!seen) byHost.set(found.hostname, found);
        else {
          seen.upstreams.push(...found.upstreams.filter((u) => !seen.upstreams.includes(u)));
          seen.managed ||= found.managed;
        }
      }
    }
    return [...byHost.values()];
  }

  async health(): Promise<ProxyHealth> {
    try {
      const traefik = (await this.containers()).find(
        (container) => container.State === 'running' && /(^|\/)traefik(:|@|$)/.test(container.Image),
      );
      if (!traefik) {
        return {
          ok: false,
          detail: 'No running Traefik container on this host: routes written as labels would not be served',
        };
      }
      return {
        ok: true,
        detail: `Traefik runs here (${nameOf(traefik)}, ${traefik.Image}); routes come from container labels`,
      };
    } catch (error) {
      return { ok: false, detail: reasonOf(error) };
    }
  }

  /**
   * The labels Traefik reads (https://doc.traefik.io/traefik/routing/providers/docker/). The service port is
   * the first upstream's: Traefik dials the container itself, not the slot alias, so only the port matters.
   */
  containerLabels(route: RouteSpec): Record<string, string> {
    const { hostname, upstreams, healthPath } = checkRoute(route);
    if (hostname.startsWith('*.')) {
      throw new AppError('VALIDATION', 'Traefik routes need a full hostname, not a wildcard', 'hostname');
    }
    const name = traefikName(hostname);
    const router = `traefik.http.routers.${name}`;
    const service = `traefik.http.services.${name}.loadbalancer`;
    const entrypoint = this.options.entrypoint ?? (this.options.https ? 'websecure' : 'web');
    const labels: Record<string, string> = {
      'traefik.enable': 'true',
      [`${router}.rule`]: `Host(\`${hostname}\`)`,
      [`${router}.entrypoints`]: entrypoint,
      [`${router}.service`]: name,
      [`${service}.server.port`]: String(parseUpstream(upstreams[0] as string).port),
      [`${service}.healthcheck.path`]: healthPath,
      [`${service}.healthcheck.interval`]: '2s',
      [`${service}.healthcheck.timeout`]: '3s',
      [TIDEWATCH_ROUTE_LABEL]: hostname,
    };
    if (this.options.https || this.options.certResolver) labels[`${router}.tls`] = 'true';
    if (this.options.certResolver) labels[`${router}.tls.certresolver`] = this.options.certResolver;
    return labels;
  }

  private async containers(): Promise<TraefikContainer[]> {
    try {
      return await this.options.listContainers();
    } catch (error) {
      throw new AppError('UNAVAILABLE', `The host's containers could not be listed: ${reasonOf(error)}`);
    }
  }
}

/**
 * A router/service name for a hostname: dots would split the label key, so they become dashes, and a short
 * hash keeps `a-b.c` and `a.b-c` apart.
 */
export function traefikName(hostname: string): string {
  const hash = createHash('sha256').update(hostname).digest('hex').slice(0, 6);
  return `tidewatch-${hostname.replace(/[^a-z0-9-]/g, '-')}-${hash}`;
}

/** Hostnames of every router on the container (`Host(\`a\`)`, `Host(\`a\`, \`b\`)`, `Host(\`a\`) || …`). */
function routesOf(container: TraefikContainer): RouteInfo[] {
  const labels = container.Labels ?? {};
  if (labels['traefik.enable'] === 'false') return [];
  const found: RouteInfo[] = [];
  for (const [key, rule] of Object.entries(labels)) {
    const router = /^traefik\.http\.routers\.([^.]+)\.rule$/.exec(key)?.[1];
    if (!router) continue;
    const service = labels[`traefik.http.routers.${router}.service`] ?? router;
    const port = labels[`traefik.http.services.${service}.loadbalancer.server.port`];
    const upstream = port ? `${nameOf(container)}:${port}` : nameOf(container);
    for (const hostname of hostsIn(rule)) {
      found.push({ hostname, upstreams: [upstream], managed: labels[TIDEWATCH_ROUTE_LABEL] === hostname });
    }
  }
  return found;
}

function hostsIn(rule: string): string[] {
  const hosts: string[] = [];
  for (const call of rule.matchAll(/Host\(([^)]*)\)/g)) {
    for (const quoted of (call[1] ?? '').matchAll(/[`"]([^`"]+)[`"]/g)) hosts.push(quoted[1] as string);
  }
  return hosts;
}

function nameOf(container: TraefikContainer): string {
  return (container.Names[0] ?? '').replace(/^\//, '');
}

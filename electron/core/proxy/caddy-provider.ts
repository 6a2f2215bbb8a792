import { AppError } from '@shared/rpc/errors';
import { channelRequest, type ChannelRequest, type ChannelResponse, type OpenChannel } from './channel-http';
import {
  CADDY_SERVER,
  caddyRoute,
  caddyRouteId,
  caddyServer,
  readCaddyRoutes,
  sameJson,
} from './caddy-routes';
import type { ProxyHealth, ProxyProvider, RouteInfo, RouteSpec } from './proxy-provider';
import { checkHostname, checkRoute, isObject, reasonOf } from './route-spec';

/**
 * Where Caddy's admin API is for one operation: its address as the Docker host sees it (the container's IP
 * and admin port; also the Host header Caddy checks when its admin listener is not a wildcard) and how to
 * open a stream to it (an SSH direct-tcpip channel from the host). The factory looks the container up
 * again for every operation, so a restarted Caddy with a new IP is found without reconnecting anything.
 */
export interface CaddyAdmin {
  address: string;
  dial: OpenChannel;
}

export interface CaddyProviderOptions {
  /** Rejects with an AppError (UNAVAILABLE and why) when the Caddy container cannot be found. */
  locate: () => Promise<CaddyAdmin>;
  /** Serve with TLS (the host's `https` setting): the server Tidewatch creates listens on :443. */
  https?: boolean;
  /** Per admin request; a config load under load takes a while, so generous. */
  timeoutMs?: number;
}

const SERVERS = '/config/apps/http/servers';

/**
 * Caddy through its JSON admin API (Caddy 2.6). Tidewatch owns one HTTP server, `tidewatch` (listen :80 inside
 * the container, :443 with HTTPS), and, in it, the routes whose `@id` is `tidewatch-route-<hostname>`; servers and
 * routes the admin made by hand are read but never written. Every admin write is a full config reload that
 * resets keep-alive connections to the proxy, so a write happens only when the route really changes.
 */
export class CaddyProvider implements ProxyProvider {
  readonly kind = 'caddy' as const;
  private readonly timeoutMs: number;
  /** One operation at a time: two upserts must not both create the server. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CaddyProviderOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async upsertRoute(route: RouteSpec): Promise<void> {
    const wanted = checkRoute(route);
    await this.serially(async (admin) => {
      try {
        await this.upsert(admin, wanted);
      } catch (error) {
        // Someone else (another Tidewatch, the admin) changed the config between our read and our write:
        // read again once and decide anew.
        if (!(error instanceof CaddyRefused)) throw error;
        await this.upsert(admin, wanted);
      }
    });
  }

  async deleteRoute(hostname: string): Promise<boolean> {
    const name = checkHostname(hostname);
    return await this.serially(async (admin) => {
      const response = await this.call(admin, { method: 'DELETE', path: idPath(name) }, [200, 404]);
      return response.status === 200;
    });
  }

  listRoutes(): Promise<RouteInfo[]> {
    return this.serially(async (admin) => {
      const servers = await this.call(admin, { method: 'GET', path: SERVERS });
      return readCaddyRoutes(servers.json);
    });
  }

  async health(): Promise<ProxyHealth> {
    try {
      return await this.serially(async (admin) => {
        const servers = (await this.call(admin, { method: 'GET', path: SERVERS })).json;
        const ours = readCaddyRoutes(servers).filter((route) => route.managed).length;
        const server = isObject(servers) && isObject(servers[CADDY_SERVER]);
        const serverNote = server
          ? `its "${CADDY_SERVER}" server has ${ours} Tidewatch route(s)`
          : `the "${CADDY_SERVER}" server is created with the first route`;
        return { ok: true, detail: `Caddy's admin API answers at ${admin.address}; ${serverNote}` };
      });
    } catch (error) {
      return { ok: false, detail: reasonOf(error) };
    }
  }

  containerLabels(): Record<string, string> {
    return {};
  }

  private async upsert(admin: CaddyAdmin, route: RouteSpec): Promise<void> {
    const wanted = caddyRoute(route);
    const current = await this.call(admin, { method: 'GET', path: idPath(route.hostname) }, [200, 404]);
    if (current.status === 200) {
      if (sameJson(current.json, wanted)) return;
      // PATCH replaces the whole object at that id (a partial body would drop the rest, @id included).
      await this.call(admin, { method: 'PATCH', path: idPath(route.hostname), body: wanted });
      return;
    }
    await this.insert(admin, wanted);
  }

  /** Adds the route in front of the server's other routes, creating the server (and apps.http) if needed. */
  private async insert(admin: CaddyAdmin, wanted: Record<string, unknown>): Promise<void> {
    const apps = (await this.call(admin, { method: 'GET', path: '/config/apps' })).json;
    const http = isObject(apps) ? apps.http : undefined;
    const servers = isObject(http) ? http.servers : undefined;
    const server = isObject(servers) ? servers[CADDY_SERVER] : undefined;
    const fresh = caddyServer([wanted], this.options.https ?? false);
    // One write whatever is missing: each level is created with everything below it.
    let write: Pick<ChannelRequest, 'method' | 'path' | 'body'>;
    if (!isObject(apps)) {
      write = { method: 'PUT', path: '/config/apps', body: { http: { servers: { [CADDY_SERVER]: fresh } } } };
    } else if (!isObject(http)) {
      write = { method: 'PUT', path: '/config/apps/http', body: { servers: { [CADDY_SERVER]: fresh } } };
    } else if (!isObject(servers)) {
      write = { method: 'PUT', path: SERVERS, body: { [CADDY_SERVER]: fresh } };
    } else if (!isObject(server)) {
      write = { method: 'PUT', path: `${SERVERS}/${CADDY_SERVER}`, body: fresh };
    } else if (Array.isArray(server.routes) && server.routes.length > 0) {
      // PUT on an array index inserts there: host routes go before anything the admin put in our server.
      write = { method: 'PUT', path: `${SERVERS}/${CADDY_SERVER}/routes/0`, body: wanted };
    } else {
      write = { method: 'POST', path: `${SERVERS}/${CADDY_SERVER}/routes`, body: [wanted] };
    }
    await this.call(admin, write);
  }

  private serially<T>(operation: (admin: CaddyAdmin) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => operation(await this.options.locate()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** One admin request; UNAVAILABLE when Caddy cannot be reached or refuses (with Caddy's own words). */
  private async call(
    admin: CaddyAdmin,
    request: Pick<ChannelRequest, 'method' | 'path' | 'body'>,
    accept: number[] = [200],
  ): Promise<ChannelResponse> {
    let response: ChannelResponse;
    try {
      response = await channelRequest(admin.dial, {
        ...request,
        host: admin.address,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      throw new AppError(
        'UNAVAILABLE',
        `Caddy's admin API at ${admin.address} cannot be reached: ${reasonOf(error)}` +
          ' (its admin listener must not be on localhost only, e.g. `admin 0.0.0.0:2019`)',
      );
    }
    if (accept.includes(response.status)) return response;
    const said =
      isObject(response.json) && typeof response.json.error === 'string' ? response.json.error : '';
    const message = `Caddy answered HTTP ${response.status} to ${request.method} ${request.path}${said ? `: ${said}` : ''}`;
    throw request.method === 'GET' ? new AppError('UNAVAILABLE', message) : new CaddyRefused(message);
  }
}

/** A write Caddy refused (a config it would not load, or a key that appeared meanwhile). */
class CaddyRefused extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}

function idPath(hostname: string): string {
  return `/id/${encodeURIComponent(caddyRouteId(hostname))}`;
}

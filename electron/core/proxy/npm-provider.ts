import type { Duplex } from 'node:stream';
import { AppError } from '@shared/rpc/errors';
import { channelRequest, type ChannelRequest, type ChannelResponse } from './channel-http';
import type { ProxyHealth, ProxyProvider, RouteInfo, RouteSpec } from './proxy-provider';
import { checkHostname, checkRoute, isObject, parseUpstream, reasonOf } from './route-spec';

/**
 * Nginx Proxy Manager through its REST API (`/api/tokens`, `/api/nginx/proxy-hosts`), reached from the
 * Docker host like every other proxy API (an SSH channel to the address `npmUrl` names as the host sees it).
 * A proxy host forwards to one address only, so a route uses its first upstream (the stage's slot alias):
 * the switch is the deployer moving that alias, never an NPM write (each write reloads nginx).
 * Proxy hosts Tidewatch created carry `meta.tidewatch = true`; others are listed but never changed.
 * TLS stays the admin's: certificates are chosen in NPM and our updates never touch those fields.
 *
 * NPM cannot be installed here: this is tested against tests/support/npm-fake.ts, written from NPM's API.
 */

export interface NpmProviderOptions {
  /** e.g. `http://127.0.0.1:81` as the Docker host sees it; plain http only (the channel is already SSH). */
  url: string;
  email: string;
  /** From the secret store at the moment of login; never kept by the provider beyond the login call. */
  password: () => Promise<string | null>;
  dial: (host: string, port: number) => Promise<Duplex>;
  timeoutMs?: number;
}

/** A proxy host as NPM answers it (the fields this provider reads). */
interface NpmProxyHost {
  id: number;
  domain_names: string[];
  forward_scheme: string;
  forward_host: string;
  forward_port: number;
  meta?: Record<string, unknown>;
}

const HOSTS = '/api/nginx/proxy-hosts';

export class NpmProvider implements ProxyProvider {
  readonly kind = 'npm' as const;
  private readonly base: URL;
  private readonly timeoutMs: number;
  private token: { value: string; expires: number } | null = null;

  constructor(private readonly options: NpmProviderOptions) {
    this.base = npmBase(options.url);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async upsertRoute(route: RouteSpec): Promise<void> {
    const { hostname, upstreams } = checkRoute(route);
    const target = parseUpstream(upstreams[0] as string);
    const existing = (await this.hosts()).find((host) => host.domain_names.includes(hostname));
    if (existing && !isManaged(existing)) {
      throw new AppError(
        'CONFLICT',
        `${hostname} is already served by a proxy host Tidewatch did not create (NPM id ${existing.id}); ` +
          'remove it in Nginx Proxy Manager or choose another hostname',
        'hostname',
      );
    }
    const forward = { forward_scheme: 'http', forward_host: target.host, forward_port: target.port };
    if (existing) {
      const same =
        existing.forward_scheme === forward.forward_scheme &&
        existing.forward_host === forward.forward_host &&
        existing.forward_port === forward.forward_port;
      if (same) return;
      // Only the forward target changes: what the admin set in NPM (certificate, access list…) stays.
      await this.api('PUT', `${HOSTS}/${existing.id}`, {
        ...forward,
        meta: { ...existing.meta, tidewatch: true },
      });
      return;
    }
    await this.api('POST', HOSTS, {
      domain_names: [hostname],
      ...forward,
      access_list_id: 0,
      certificate_id: 0,
      ssl_forced: false,
      caching_enabled: false,
      block_exploits: true,
      allow_websocket_upgrade: true,
      http2_support: false,
      hsts_enabled: false,
      hsts_subdomains: false,
      meta: { tidewatch: true },
      advanced_config: '',
      locations: [],
    });
  }

  async deleteRoute(hostname: string): Promise<boolean> {
    const name = checkHostname(hostname);
    const ours = (await this.hosts()).find((host) => isManaged(host) && host.domain_names.includes(name));
    if (!ours) return false;
    const response = await this.api('DELETE', `${HOSTS}/${ours.id}`, undefined, [200, 404]);
    return response.status === 200;
  }

  async listRoutes(): Promise<RouteInfo[]> {
    return (await this.hosts()).flatMap((host) =>
      host.domain_names.map((hostname) => ({
        hostname,
        upstreams: [`${host.forward_host}:${host.forward_port}`],
        managed: isManaged(host),
      })),
    );
  }

  async health(): Promise<ProxyHealth> {
    try {
      const status = await this.send({ method: 'GET', path: this.path('/api/') });
      const version = isObject(status.json) && isObject(status.json.version) ? status.json.version : null;
      const named = version ? ` ${[version.major, version.minor, version.revision].join('.')}` : '';
      await this.login();
      return {
        ok: true,
        detail: `Nginx Proxy Manager${named} answers at ${this.base.host}; the login as ${this.options.email} works`,
      };
    } catch (error) {
      return { ok: false, detail: reasonOf(error) };
    }
  }

  containerLabels(): Record<string, string> {
    return {};
  }

  private async hosts(): Promise<NpmProxyHost[]> {
    const response = await this.api('GET', HOSTS);
    if (!Array.isArray(response.json)) {
      throw new AppError(
        'UNAVAILABLE',
        `Nginx Proxy Manager at ${this.base.host} answered no list of proxy hosts`,
      );
    }
    return response.json.filter(isProxyHost);
  }

  /** An authenticated call; a 401 (expired or revoked token) logs in again once. */
  private async api(
    method: ChannelRequest['method'],
    path: string,
    body?: unknown,
    accept: number[] = [200, 201],
  ): Promise<ChannelResponse> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.bearer();
      const response = await this.send({
        method,
        path: this.path(path),
        body,
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status === 401 && attempt === 1) {
        this.token = null;
        continue;
      }
      if (accept.includes(response.status)) return response;
      throw new AppError(
        'UNAVAILABLE',
        `Nginx Proxy Manager answered HTTP ${response.status} to ${method} ${path}${said(response)}`,
      );
    }
  }

  private async bearer(): Promise<string> {
    // A minute of margin: a token about to expire is renewed before it fails a write.
    if (this.token && this.token.expires - 60_000 > Date.now()) return this.token.value;
    return this.login();
  }

  private async login(): Promise<string> {
    const password = await this.options.password();
    if (!password) {
      throw new AppError(
        'UNAVAILABLE',
        'No Nginx Proxy Manager password is saved for this host',
        'npmPassword',
      );
    }
    const response = await this.send({
      method: 'POST',
      path: this.path('/api/tokens'),
      body: { identity: this.options.email, secret: password },
    });
    const token = isObject(response.json) ? response.json.token : undefined;
    if (response.status === 200 && typeof token === 'string') {
      const expires = Date.parse(String(isObject(response.json) ? response.json.expires : ''));
      this.token = { value: token, expires: Number.isNaN(expires) ? Date.now() + 3_600_000 : expires };
      return token;
    }
    // NPM's own words can say what was wrong ("Invalid password"), but never echo what was sent.
    const reason = said(response).split(password).join('***');
    if ([400, 401, 403].includes(response.status)) {
      throw new AppError(
        'UNAUTHORIZED',
        `Nginx Proxy Manager at ${this.base.host} refused the login as ${this.options.email}${reason}: ` +
          'check the e-mail and password saved for this host',
        'npmPassword',
      );
    }
    throw new AppError(
      'UNAVAILABLE',
      `Nginx Proxy Manager's login answered HTTP ${response.status}${reason}`,
    );
  }

  private async send(request: Omit<ChannelRequest, 'host' | 'timeoutMs'>): Promise<ChannelResponse> {
    const { hostname, port } = this.base;
    try {
      return await channelRequest(() => this.options.dial(hostname, Number(port || 80)), {
        ...request,
        host: this.base.host,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      throw new AppError(
        'UNAVAILABLE',
        `Nginx Proxy Manager at ${this.base.host} cannot be reached: ${reasonOf(error)}`,
      );
    }
  }

  /** API paths below the URL's own path (NPM behind a path prefix). */
  private path(path: string): string {
    return `${this.base.pathname.replace(/\/+$/, '')}${path}`;
  }
}

/** The NPM address as a URL; UNAVAILABLE (with the field) for anything but a plain http:// address. */
export function npmBase(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('UNAVAILABLE', `"${url}" is not an address for Nginx Proxy Manager`, 'npmUrl');
  }
  if (parsed.protocol !== 'http:' || parsed.username || parsed.password) {
    throw new AppError(
      'UNAVAILABLE',
      'The Nginx Proxy Manager address must be plain http:// as the Docker host sees it (e.g. http://127.0.0.1:81); ' +
        'the connection already travels inside SSH',
      'npmUrl',
    );
  }
  return parsed;
}

function isManaged(host: NpmProxyHost): boolean {
  return host.meta?.tidewatch === true;
}

function isProxyHost(value: unknown): value is NpmProxyHost {
  return (
    isObject(value) &&
    typeof value.id === 'number' &&
    Array.isArray(value.domain_names) &&
    typeof value.forward_host === 'string' &&
    typeof value.forward_port === 'number'
  );
}

/** NPM's error text (`{ error: { message } }`) as `: message`, or nothing. */
function said(response: ChannelResponse): string {
  const error = isObject(response.json) ? response.json.error : undefined;
  const message = isObject(error) && typeof error.message === 'string' ? error.message : '';
  return message ? `: ${message.slice(0, 300)}` : '';
}

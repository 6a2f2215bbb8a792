import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { AppError } from '@shared/rpc/errors';
import type { ProxySettings } from '@shared/schemas/workloads';
import { CaddyProvider, type CaddyAdmin } from './caddy-provider';
import { NoProxyProvider } from './none-provider';
import { NpmProvider } from './npm-provider';
import type { ProxyProvider } from './proxy-provider';
import { reasonOf } from './route-spec';
import { TraefikProvider, type TraefikContainer } from './traefik-provider';
import { hostReachableIp } from './container-address';

/** What a provider needs from the host it runs on; every connection goes through the host's SSH. */
export interface ProxyProviderDeps {
  /** An SSH direct-tcpip channel from the host to `host:port` (a container IP, or 127.0.0.1 on the host). */
  dial(host: string, port: number): Promise<Duplex>;
  /** The host's engine: finds the Caddy container's address. */
  docker: Docker;
  /** The NPM password from the secret store (read at each login, never kept). */
  npmPassword(): Promise<string | null>;
  /** The host's containers, for Traefik's labels and to find Traefik itself. */
  listContainers(): Promise<TraefikContainer[]>;
}

/**
 * The provider for a host's proxy settings. Settings that cannot work (no Caddy container named, no NPM
 * address or e-mail) throw UNAVAILABLE with the reason and the field at once; problems only the host can
 * tell (the container is gone, stopped, has no address) surface as UNAVAILABLE from each call, and as
 * `{ ok: false }` from health().
 */
export function createProxyProvider(settings: ProxySettings, deps: ProxyProviderDeps): ProxyProvider {
  switch (settings.kind) {
    case 'none':
      return new NoProxyProvider();
    case 'caddy': {
      const container = settings.caddyContainer?.trim();
      if (!container) throw unavailable('No Caddy container is set for this host', 'caddyContainer');
      const port = settings.caddyAdminPort;
      return new CaddyProvider({
        locate: () => locateCaddy(deps, container, port),
        https: settings.https,
      });
    }
    case 'traefik':
      return new TraefikProvider({
        entrypoint: settings.traefikEntrypoint?.trim() || null,
        certResolver: settings.traefikCertResolver?.trim() || null,
        https: settings.https,
        listContainers: () => deps.listContainers(),
      });
    case 'npm': {
      const url = settings.npmUrl?.trim();
      const email = settings.npmEmail?.trim();
      if (!url) throw unavailable('No Nginx Proxy Manager address is set for this host', 'npmUrl');
      if (!email) throw unavailable('No Nginx Proxy Manager login e-mail is set for this host', 'npmEmail');
      return new NpmProvider({
        url,
        email,
        password: () => deps.npmPassword(),
        dial: (host, port) => deps.dial(host, port),
      });
    }
  }
}

/**
 * The Caddy container's admin address, looked up for every operation (a restarted container may have a
 * new IP). Host networking: the admin API listens on the host itself, so 127.0.0.1 from the host's side.
 */
export async function locateCaddy(
  deps: ProxyProviderDeps,
  container: string,
  port: number,
): Promise<CaddyAdmin> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await deps.docker.getContainer(container).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw unavailable(`The Caddy container "${container}" does not exist on this host`, 'caddyContainer');
    }
    throw unavailable(`The Caddy container "${container}" could not be inspected: ${reasonOf(error)}`);
  }
  if (!info.State.Running) {
    throw unavailable(
      `The Caddy container "${container}" is not running (${info.State.Status})`,
      'caddyContainer',
    );
  }
  const ip = info.HostConfig.NetworkMode === 'host' ? '127.0.0.1' : await hostReachableIp(deps.docker, info);
  if (!ip) {
    throw unavailable(
      `The Caddy container "${container}" has no IP address on any network`,
      'caddyContainer',
    );
  }
  return { address: `${ip}:${port}`, dial: () => deps.dial(ip, port) };
}

function unavailable(message: string, field?: string): AppError {
  return new AppError('UNAVAILABLE', message, field);
}

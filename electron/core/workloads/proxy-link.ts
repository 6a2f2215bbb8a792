/**
 * What the deployer needs of a host's proxy beyond the provider: making sure the proxy's container can
 * reach the workload network, and asking it (from the host's side, with the route's Host
 * header) which upstream answers — how a blue-green switch is verified.
 */
import type { ProxySettings } from '@shared/schemas/workloads';
import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import { probeHttp } from '../deploy/http-probe';
import type { ProxyProvider } from '../proxy/proxy-provider';
import type { ProxyLink } from './workload-deployer';
import { hostReachableIp } from '../proxy/container-address';

export interface ProxyLinkDeps {
  docker: () => Promise<Docker>;
  /** A stream to `address:port` as the host sees it. */
  dial: (address: string, port: number) => Promise<Duplex>;
  probeTimeoutMs?: number;
}

/** The port the proxy container serves HTTP on (the Caddy provider's `tidewatch` server). */
export const PROXY_HTTP_PORT = 80;

export function proxyLink(settings: ProxySettings, provider: ProxyProvider, deps: ProxyLinkDeps): ProxyLink {
  const container = settings.kind === 'caddy' ? settings.caddyContainer : null;
  if (!container) return { provider, prepare: async () => null, viaProxy: null };
  return {
    provider,
    prepare: (docker, network) => joinNetwork(docker, container, network),
    viaProxy: async (hostname, path) => {
      const docker = await deps.docker();
      const ip = await addressOf(docker, container);
      return probeHttp(
        () => deps.dial(ip, PROXY_HTTP_PORT),
        { host: ip, port: PROXY_HTTP_PORT, path, hostHeader: hostname },
        deps.probeTimeoutMs ?? 10_000,
      );
    },
  };
}

async function joinNetwork(docker: Docker, container: string, network: string): Promise<string | null> {
  const info = await docker.getContainer(container).inspect();
  if (info.NetworkSettings.Networks[network]) return null;
  await docker.getNetwork(network).connect({ Container: info.Id });
  return `the proxy container ${container} joined the network ${network}`;
}

async function addressOf(docker: Docker, container: string): Promise<string> {
  const info = await docker.getContainer(container).inspect();
  const ip = await hostReachableIp(docker, info);
  if (!ip) throw new Error(`the proxy container ${container} has no IP address (is it running?)`);
  return ip;
}

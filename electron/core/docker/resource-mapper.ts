/**
 * Docker's raw image, volume and network answers → the contract's shapes. Pure functions: the services
 * fetch, these only translate (and so are unit-testable without an engine).
 */
import type { Image, Network, Volume } from '@shared/schemas/resources';
import type { RawContainer } from './container-mapper';

/** The fields of GET /images/json entries that we read. */
export interface RawImage {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  Created?: number;
}

export interface RawVolume {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  CreatedAt?: string;
  UsageData?: { Size?: number } | null;
}

export interface RawNetwork {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Created?: string;
  /** The swarm routing mesh's network. */
  Ingress?: boolean;
  IPAM?: { Config?: Array<{ Subnet?: string; Gateway?: string }> | null } | null;
}

/** What GET /containers/json says about mounts and networks (API 1.41+). */
export interface RawContainerLinks extends RawContainer {
  Mounts?: Array<{ Type?: string; Name?: string }>;
  NetworkSettings?: {
    Networks?: Record<string, { NetworkID?: string; IPAddress?: string; GlobalIPv6Address?: string }>;
  };
}

export const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none']);

export function containerName(raw: RawContainer): string {
  return (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, '');
}

/** Docker marks untagged images with `<none>:<none>` on older engines and with nothing on newer ones. */
export function toImage(raw: RawImage, containers: RawContainer[]): Image {
  const repoTags = (raw.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
  return {
    id: raw.Id,
    repoTags,
    repoDigests: (raw.RepoDigests ?? []).filter((digest) => digest !== '<none>@<none>'),
    size: Math.max(0, raw.Size ?? 0),
    created: new Date((raw.Created ?? 0) * 1000).toISOString(),
    dangling: repoTags.length === 0,
    containers: containers.filter((c) => c.ImageID === raw.Id).map(containerName),
  };
}

export function toVolume(raw: RawVolume, containers: RawContainerLinks[]): Volume {
  const size = raw.UsageData?.Size;
  return {
    name: raw.Name,
    driver: raw.Driver ?? '',
    mountpoint: raw.Mountpoint ?? '',
    created: isoOrNull(raw.CreatedAt),
    containers: containers
      .filter((c) => (c.Mounts ?? []).some((m) => m.Type === 'volume' && m.Name === raw.Name))
      .map(containerName),
    // -1 means "not computed"; the list answer only carries it when someone asked `docker system df`.
    sizeBytes: typeof size === 'number' && size >= 0 ? size : null,
  };
}

/**
 * A stopped container keeps its network in its configuration but has no endpoint (empty NetworkID, no
 * address), so attachment is matched by network id or by name.
 */
export function toNetwork(raw: RawNetwork, containers: RawContainerLinks[]): Network {
  const attached = containers.flatMap((c) => {
    const entry = Object.entries(c.NetworkSettings?.Networks ?? {}).find(
      ([name, settings]) => settings.NetworkID === raw.Id || name === raw.Name,
    );
    if (!entry) return [];
    const settings = entry[1];
    return [
      { name: containerName(c), ipv4: settings.IPAddress || null, ipv6: settings.GlobalIPv6Address || null },
    ];
  });
  return {
    id: raw.Id,
    name: raw.Name,
    driver: raw.Driver ?? '',
    scope: raw.Scope ?? '',
    subnets: (raw.IPAM?.Config ?? []).flatMap((config) =>
      config.Subnet ? [{ subnet: config.Subnet, gateway: config.Gateway || null }] : [],
    ),
    containers: attached,
    builtIn: BUILT_IN_NETWORKS.has(raw.Name),
    created: isoOrNull(raw.Created),
  };
}

function isoOrNull(value: string | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * A container's complete configuration, taken from `docker inspect` before a deploy touches it, and the
 * create options that rebuild it on another image. The snapshot is plain JSON: the deploy journal stores
 * it, so a rollback or a crash recovery never depends on memory or on the old container still existing.
 *
 * What the user set is kept; what came from the old image is left out, so the new image's own defaults
 * (its CMD, ENV, labels, healthcheck, exposed ports) apply — the same rule `docker run` follows.
 */
import type Docker from 'dockerode';

type Inspect = Docker.ContainerInspectInfo;
// @types/dockerode leaves StopSignal out of the image config; the Engine API has it.
type ImageConfig = Partial<Docker.ImageInspectInfo['Config']> & { StopSignal?: string };

export interface NetworkAttachment {
  name: string;
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
  links?: string[];
}

export interface ContainerSnapshot {
  id: string;
  name: string;
  /** The image reference the container was created from (as `docker inspect` shows it). */
  image: string;
  imageId: string;
  running: boolean;
  /** Create options without name, image and networks (those are chosen at recreate time). */
  config: Omit<Docker.ContainerCreateOptions, 'name' | 'Image' | 'NetworkingConfig'>;
  /** Every network the container is on, in inspect order; the primary one is `HostConfig.NetworkMode`. */
  networks: NetworkAttachment[];
}

/** Modes that are not a network the container joins by name. */
const NON_NETWORK_MODES = ['host', 'none'];

export function takeSnapshot(container: Inspect, image: ImageConfig | null): ContainerSnapshot {
  const config = container.Config;
  const defaults: ImageConfig = image ?? {};
  return {
    id: container.Id,
    name: container.Name.replace(/^\//, ''),
    image: config.Image,
    imageId: container.Image,
    running: container.State.Running,
    config: {
      ...userSetConfig(container, defaults),
      HostConfig: withAnonymousVolumes(container),
    },
    networks: networksOf(container),
  };
}

/** The Config fields that differ from the old image's defaults (everything, if the image is gone). */
function userSetConfig(container: Inspect, image: ImageConfig): ContainerSnapshot['config'] {
  const config = container.Config as Inspect['Config'] & {
    Domainname?: string;
    StopTimeout?: number;
    StopSignal?: string;
  };
  const out: ContainerSnapshot['config'] = {};
  // Docker names the host after the short id unless told otherwise; the new container gets its own.
  if (config.Hostname && config.Hostname !== container.Id.slice(0, 12)) out.Hostname = config.Hostname;
  if (config.Domainname) out.Domainname = config.Domainname;
  if (config.User && config.User !== (image.User ?? '')) out.User = config.User;
  if (config.WorkingDir && config.WorkingDir !== (image.WorkingDir ?? '')) out.WorkingDir = config.WorkingDir;
  const env = onlyUserEntries(config.Env ?? [], image.Env ?? []);
  if (env.length > 0) out.Env = env;
  if (!sameList(config.Entrypoint, image.Entrypoint)) out.Entrypoint = config.Entrypoint ?? [];
  // A different entrypoint resets the image's CMD in Docker, so keep CMD whenever either was set.
  if (out.Entrypoint || !sameList(config.Cmd, image.Cmd)) out.Cmd = config.Cmd ?? [];
  const labels = onlyUserLabels(config.Labels ?? {}, image.Labels ?? {});
  if (Object.keys(labels).length > 0) out.Labels = labels;
  const ports = onlyUserKeys(config.ExposedPorts ?? {}, image.ExposedPorts ?? {});
  if (ports) out.ExposedPorts = ports;
  const volumes = onlyUserKeys(config.Volumes ?? {}, image.Volumes ?? {});
  if (volumes) out.Volumes = volumes;
  if (config.Healthcheck && JSON.stringify(config.Healthcheck) !== JSON.stringify(image.Healthcheck))
    out.Healthcheck = config.Healthcheck;
  if (config.StopSignal && config.StopSignal !== (image.StopSignal ?? '')) out.StopSignal = config.StopSignal;
  if (config.StopTimeout !== undefined) out.StopTimeout = config.StopTimeout;
  for (const flag of ['Tty', 'OpenStdin', 'StdinOnce'] as const) if (config[flag]) out[flag] = true;
  return out;
}

function onlyUserEntries(values: string[], defaults: string[]): string[] {
  const inherited = new Set(defaults);
  return values.filter((value) => !inherited.has(value));
}

function onlyUserLabels(labels: Record<string, string>, defaults: Record<string, string>) {
  return Object.fromEntries(Object.entries(labels).filter(([key, value]) => defaults[key] !== value));
}

function onlyUserKeys(values: Record<string, object>, defaults: Record<string, object>) {
  const own = Object.keys(values).filter((key) => !(key in defaults));
  return own.length > 0 ? Object.fromEntries(own.map((key) => [key, {}])) : undefined;
}

function sameList(a: string | string[] | null | undefined, b: string | string[] | null | undefined) {
  const norm = (value: typeof a) => (value === null || value === undefined ? [] : [value].flat());
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * HostConfig as inspect shows it, plus the container's anonymous volumes mounted by name: recreating
 * would otherwise give the new container empty fresh volumes and silently drop the data in the old ones.
 */
function withAnonymousVolumes(container: Inspect): Docker.HostConfig {
  const host: Docker.HostConfig = { ...container.HostConfig };
  const declared = new Set([
    ...(host.Binds ?? []).map((bind) => bind.split(':')[1]),
    ...(host.Mounts ?? []).map((mount) => mount.Target),
  ]);
  const anonymous = (container.Mounts ?? []).filter(
    (mount) => mount.Type === 'volume' && mount.Name && !declared.has(mount.Destination),
  );
  if (anonymous.length > 0) {
    host.Mounts = [
      ...(host.Mounts ?? []),
      ...anonymous.map((mount) => ({
        Type: 'volume' as const,
        Source: mount.Name as string,
        Target: mount.Destination,
        ReadOnly: !mount.RW,
      })),
    ];
  }
  return host;
}

function networksOf(container: Inspect): NetworkAttachment[] {
  const shortId = container.Id.slice(0, 12);
  return Object.entries(container.NetworkSettings.Networks ?? {}).map(([name, endpoint]) => {
    const ipam = endpoint.IPAMConfig as { IPv4Address?: string; IPv6Address?: string } | null | undefined;
    return {
      name,
      // Docker adds the short id as an alias by itself; the new container gets its own.
      aliases: ((endpoint.Aliases ?? []) as string[]).filter((alias) => alias !== shortId),
      ...(ipam?.IPv4Address ? { ipv4Address: ipam.IPv4Address } : {}),
      ...(ipam?.IPv6Address ? { ipv6Address: ipam.IPv6Address } : {}),
      ...(endpoint.Links && endpoint.Links.length > 0 ? { links: endpoint.Links } : {}),
    };
  });
}

export interface RecreatePlan {
  create: Docker.ContainerCreateOptions;
  /** Networks to connect after create, before start (API 1.41 takes one network at create). */
  connect: NetworkAttachment[];
}

/** The create options that rebuild the snapshot's container on `image` under `name`. */
export function recreatePlan(snapshot: ContainerSnapshot, image: string, name: string): RecreatePlan {
  const mode = snapshot.config.HostConfig?.NetworkMode ?? 'default';
  const primaryName = mode === 'default' ? 'bridge' : mode;
  const joins = !NON_NETWORK_MODES.includes(mode) && !mode.startsWith('container:');
  const primary = joins ? snapshot.networks.find((network) => network.name === primaryName) : undefined;
  const create: Docker.ContainerCreateOptions = { ...snapshot.config, name, Image: image };
  if (primary) create.NetworkingConfig = { EndpointsConfig: { [primary.name]: endpointConfig(primary) } };
  const connect = joins ? snapshot.networks.filter((network) => network !== primary) : [];
  return { create, connect };
}

/** Aliases and fixed addresses are for user-defined networks only; Docker refuses them on `bridge`. */
export function endpointConfig(network: NetworkAttachment): Docker.EndpointSettings {
  if (network.name === 'bridge') return {};
  const ipam =
    network.ipv4Address || network.ipv6Address
      ? {
          IPAMConfig: {
            ...(network.ipv4Address ? { IPv4Address: network.ipv4Address } : {}),
            ...(network.ipv6Address ? { IPv6Address: network.ipv6Address } : {}),
          },
        }
      : {};
  return {
    Aliases: network.aliases,
    ...(network.links ? { Links: network.links } : {}),
    ...ipam,
  };
}

/**
 * A container's details for its page, from `docker inspect` of the container and its image. Environment
 * values whose key looks secret leave the core masked; one is revealed only when the user asks for it.
 */
import type Docker from 'dockerode';
import { AppError } from '@shared/rpc/errors';
import { SECRET_ENV_KEY, type ContainerDetails, type EnvVar } from '@shared/schemas/container-details';
import { CONTAINER_HEALTH, CONTAINER_STATES } from '@shared/schemas/containers';
import type { Engine } from './docker-engine';
import { dockerError } from './docker-errors';

const HEALTH_OUTPUT_MAX = 2_000;
const HEALTH_LOG_MAX = 5;

export class ContainerDetailsService {
  constructor(private readonly engine: (hostId: string) => Promise<Engine>) {}

  async details(hostId: string, containerId: string): Promise<ContainerDetails> {
    const { docker } = await this.engine(hostId);
    const info = await inspect(docker, containerId);
    const image = await docker
      .getImage(info.Image)
      .inspect()
      .catch(() => null);
    return toDetails(hostId, info, image?.RepoDigests ?? []);
  }

  async revealEnv(hostId: string, containerId: string, key: string): Promise<{ key: string; value: string }> {
    const { docker } = await this.engine(hostId);
    const info = await inspect(docker, containerId);
    const entry = (info.Config.Env ?? []).map(splitEnv).find((one) => one.key === key);
    if (!entry) throw new AppError('NOT_FOUND', `Container ${containerId} has no variable ${key}`);
    return { key, value: entry.value };
  }
}

async function inspect(docker: Docker, containerId: string): Promise<Docker.ContainerInspectInfo> {
  return docker
    .getContainer(containerId)
    .inspect()
    .catch((error: unknown) => {
      throw dockerError(error, `Container ${containerId}`);
    });
}

export function toDetails(
  hostId: string,
  info: Docker.ContainerInspectInfo,
  repoDigests: readonly string[],
): ContainerDetails {
  const state = info.State;
  return {
    hostId,
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageId: info.Image,
    imageDigest: ownDigest(info.Config.Image, repoDigests),
    command: [info.Path, ...(info.Args ?? [])].filter((part) => part !== ''),
    workingDir: info.Config.WorkingDir || null,
    user: info.Config.User || null,
    hostname: info.Config.Hostname,
    created: info.Created,
    startedAt: realTime(state.StartedAt),
    finishedAt: realTime(state.FinishedAt),
    state: oneOf(CONTAINER_STATES, state.Status, 'dead'),
    health: oneOf(CONTAINER_HEALTH, state.Health?.Status, 'none'),
    exitCode: state.ExitCode,
    restartPolicy: {
      name: info.HostConfig.RestartPolicy?.Name || 'no',
      maximumRetryCount: info.HostConfig.RestartPolicy?.MaximumRetryCount ?? 0,
    },
    restartCount: info.RestartCount,
    env: (info.Config.Env ?? []).map(splitEnv).map(mask),
    mounts: info.Mounts.map((mount) => ({
      type: mount.Type,
      source: mount.Type === 'volume' ? (mount.Name ?? mount.Source) : mount.Source || null,
      destination: mount.Destination,
      readOnly: !mount.RW,
    })),
    ports: portsOf(info),
    networks: Object.entries(info.NetworkSettings.Networks ?? {}).map(([name, net]) => ({
      name,
      ipAddress: net.IPAddress || null,
      ipv6Address: net.GlobalIPv6Address || null,
      gateway: net.Gateway || null,
      macAddress: net.MacAddress || null,
      aliases: net.Aliases ?? [],
    })),
    labels: info.Config.Labels ?? {},
    healthLog: (state.Health?.Log ?? []).slice(-HEALTH_LOG_MAX).map((result) => ({
      start: result.Start,
      end: result.End,
      exitCode: result.ExitCode,
      output: result.Output.trim().slice(-HEALTH_OUTPUT_MAX),
    })),
  };
}

function splitEnv(entry: string): { key: string; value: string } {
  const at = entry.indexOf('=');
  return at < 0 ? { key: entry, value: '' } : { key: entry.slice(0, at), value: entry.slice(at + 1) };
}

function mask({ key, value }: { key: string; value: string }): EnvVar {
  // An empty value hides nothing; showing it tells the user the variable is unset.
  const masked = SECRET_ENV_KEY.test(key) && value !== '';
  return { key, value: masked ? null : value, masked };
}

/** Every exposed port, with where it is published (once per port, the IPv4 binding first). */
function portsOf(info: Docker.ContainerInspectInfo): ContainerDetails['ports'] {
  const exposed = new Set([
    ...Object.keys(info.Config.ExposedPorts ?? {}),
    ...Object.keys(info.NetworkSettings.Ports ?? {}),
  ]);
  return [...exposed].sort().map((spec) => {
    const [port, type] = spec.split('/');
    const binding = info.NetworkSettings.Ports?.[spec]?.[0];
    return {
      privatePort: Number(port),
      type: type ?? 'tcp',
      publicPort: binding?.HostPort ? Number(binding.HostPort) : null,
      ip: binding?.HostIp || null,
    };
  });
}

function ownDigest(image: string, repoDigests: readonly string[]): string | null {
  const repository = image.split('@')[0]?.replace(/:[^/:]+$/, '') ?? '';
  return repoDigests.find((digest) => digest.startsWith(`${repository}@`)) ?? repoDigests[0] ?? null;
}

/** Docker reports "never" as the zero time. */
function realTime(value: string | undefined): string | null {
  return value && !value.startsWith('0001-') ? value : null;
}

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined, fallback: T): T {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

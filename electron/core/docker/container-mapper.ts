import {
  CONTAINER_STATES,
  type Container,
  type ContainerHealth,
  type ContainerPort,
} from '@shared/schemas/containers';
import type { EngineInfo } from '@shared/schemas/containers';
import type { DockerTransport } from '@shared/schemas/hosts';

/** The fields of Docker's GET /containers/json entries that we read (API 1.41+). */
export interface RawContainer {
  Id: string;
  Names?: string[];
  Image?: string;
  ImageID?: string;
  State?: string;
  Status?: string;
  Created?: number;
  Ports?: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type?: string }>;
  Labels?: Record<string, string> | null;
}

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

export function toContainer(hostId: string, raw: RawContainer, repoDigests: string[] = []): Container {
  const labels = raw.Labels ?? {};
  return {
    hostId,
    id: raw.Id,
    name: (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, ''),
    image: raw.Image ?? '',
    imageId: raw.ImageID ?? '',
    state: stateOf(raw.State),
    health: healthOf(raw.Status ?? ''),
    status: raw.Status ?? '',
    ports: portsOf(raw.Ports ?? []),
    created: new Date((raw.Created ?? 0) * 1000).toISOString(),
    composeProject: labels[COMPOSE_PROJECT_LABEL] ?? null,
    composeService: labels[COMPOSE_SERVICE_LABEL] ?? null,
    labels,
    repoDigests,
  };
}

function stateOf(state: string | undefined): Container['state'] {
  const known = CONTAINER_STATES as readonly string[];
  // An engine newer than us might add a state; "dead" is the honest "not usable, not understood".
  return state && known.includes(state) ? (state as Container['state']) : 'dead';
}

/** The list API reports health only inside Status: `Up 5 minutes (healthy)`, `(health: starting)`. */
export function healthOf(status: string): ContainerHealth {
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return 'none';
}

/** Docker lists a published port once per address family; one entry per port is what people read. */
function portsOf(ports: NonNullable<RawContainer['Ports']>): ContainerPort[] {
  const seen = new Set<string>();
  const result: ContainerPort[] = [];
  for (const port of ports) {
    const key = `${port.PrivatePort}/${port.Type ?? 'tcp'}:${port.PublicPort ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({
      privatePort: port.PrivatePort,
      publicPort: port.PublicPort ?? null,
      type: port.Type ?? 'tcp',
      ip: port.PublicPort !== undefined ? (port.IP ?? null) : null,
    });
  }
  return result.sort((a, b) => a.privatePort - b.privatePort);
}

/** The fields of GET /info and GET /version that the engine panel shows. */
export interface RawEngineInfo {
  Name?: string;
  ServerVersion?: string;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
  KernelVersion?: string;
  NCPU?: number;
  MemTotal?: number;
  Containers?: number;
  ContainersRunning?: number;
  ContainersPaused?: number;
  ContainersStopped?: number;
  Images?: number;
}

export function toEngineInfo(
  hostId: string,
  info: RawEngineInfo,
  version: { ApiVersion?: string; Version?: string },
  transport: DockerTransport,
): EngineInfo {
  return {
    hostId,
    name: info.Name ?? '',
    serverVersion: info.ServerVersion ?? version.Version ?? '',
    apiVersion: version.ApiVersion ?? '',
    os: info.OperatingSystem ?? '',
    osType: info.OSType ?? '',
    architecture: info.Architecture ?? '',
    kernelVersion: info.KernelVersion ?? '',
    cpus: info.NCPU ?? 0,
    memoryBytes: info.MemTotal ?? 0,
    containers: {
      total: info.Containers ?? 0,
      running: info.ContainersRunning ?? 0,
      paused: info.ContainersPaused ?? 0,
      stopped: info.ContainersStopped ?? 0,
    },
    images: info.Images ?? 0,
    transport,
  };
}

/**
 * Reads the swarm a host's engine belongs to. Only a manager sees the cluster, so when the host asked is a
 * worker, or a manager that cannot be reached now, the reader asks another host the core knows that is a
 * manager of the same cluster (known from an earlier read, or named by the worker's list of managers).
 */
import type Docker from 'dockerode';
import { AppError } from '@shared/rpc/errors';
import type { SwarmCluster } from '@shared/schemas/swarm';
import type { Engine } from '../docker/docker-engine';
import {
  mapNode,
  mapService,
  type EngineNode,
  type EngineService,
  type EngineSwarmInfo,
  type EngineTask,
} from './swarm-mapper';

export interface SwarmClusterDeps {
  engine: (hostId: string) => Promise<Engine>;
  /** Every host the core knows, with the address it connects to (to match a worker's manager list). */
  hosts: () => Array<{ id: string; address: string }>;
}

type ManagerView = Extract<SwarmCluster, { mode: 'manager' }>;

export class SwarmClusterReader {
  /** The cluster each host was last seen managing: where to look when that host is lost. */
  private readonly clusterOfHost = new Map<string, string>();

  constructor(private readonly deps: SwarmClusterDeps) {}

  async read(hostId: string): Promise<SwarmCluster> {
    let own: SwarmCluster;
    try {
      own = await this.readOwn(hostId);
    } catch (error) {
      const other = await this.viaOtherManager(hostId, []);
      if (other) return other;
      throw error;
    }
    if (own.mode !== 'worker') return own;
    return (await this.viaOtherManager(hostId, own.managers)) ?? own;
  }

  /**
   * A manager's engine for the cluster the host manages: the host's own, or when it cannot be reached now,
   * another host the core knows that manages the same cluster (a deploy keeps following through it).
   */
  async managerFor(hostId: string): Promise<{ docker: Docker; via: string }> {
    try {
      return { docker: await this.requireManager(hostId), via: hostId };
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') throw error;
      const other = await this.viaOtherManager(hostId, []);
      if (!other) throw error;
      return { docker: (await this.deps.engine(other.via)).docker, via: other.via };
    }
  }

  /** The swarm role of one host's engine; CONFLICT unless it is a manager (what a deploy needs). */
  async requireManager(hostId: string): Promise<Docker> {
    const { docker } = await this.deps.engine(hostId);
    const swarm = await swarmInfo(docker);
    if (swarm.Cluster?.ID) this.clusterOfHost.set(hostId, swarm.Cluster.ID);
    if (swarm.LocalNodeState !== 'active' || !swarm.ControlAvailable) {
      throw new AppError(
        'CONFLICT',
        swarm.LocalNodeState === 'active'
          ? 'This host is a swarm worker: deploy through a manager of its swarm'
          : 'This host is not part of a swarm',
      );
    }
    return docker;
  }

  private async readOwn(hostId: string): Promise<SwarmCluster> {
    const { docker } = await this.deps.engine(hostId);
    const swarm = await swarmInfo(docker);
    if (swarm.LocalNodeState !== 'active') {
      this.clusterOfHost.delete(hostId);
      return { hostId, mode: 'none' };
    }
    if (!swarm.ControlAvailable) {
      return {
        hostId,
        mode: 'worker',
        nodeId: swarm.NodeID ?? '',
        managers: (swarm.RemoteManagers ?? []).flatMap((manager) => (manager.Addr ? [manager.Addr] : [])),
      };
    }
    const view = await readManagerView(docker, hostId, swarm);
    this.clusterOfHost.set(hostId, view.clusterId);
    return view;
  }

  /** Another known host that manages the same cluster answers for the one asked. */
  private async viaOtherManager(hostId: string, managerAddresses: string[]): Promise<ManagerView | null> {
    const cluster = this.clusterOfHost.get(hostId);
    const managerIps = new Set(managerAddresses.map((address) => address.replace(/:\d+$/, '')));
    // Hosts known to manage the cluster first; when the cluster is known, any other host may be one of
    // its managers not read yet (each is checked against the cluster id).
    const others = this.deps.hosts().filter((host) => host.id !== hostId);
    const known = (host: { id: string; address: string }) =>
      (cluster !== undefined && this.clusterOfHost.get(host.id) === cluster) || managerIps.has(host.address);
    const candidates = [
      ...others.filter(known),
      ...(cluster === undefined ? [] : others.filter((host) => !known(host))),
    ];
    for (const candidate of candidates) {
      const view = await this.readOwn(candidate.id).catch(() => null);
      if (view?.mode === 'manager' && (cluster === undefined || view.clusterId === cluster)) {
        return { ...view, hostId, via: candidate.id };
      }
    }
    return null;
  }
}

export async function swarmInfo(docker: Docker): Promise<EngineSwarmInfo> {
  const info = (await docker.info()) as { Swarm?: EngineSwarmInfo };
  return info.Swarm ?? {};
}

async function readManagerView(docker: Docker, hostId: string, swarm: EngineSwarmInfo): Promise<ManagerView> {
  // dockerode types these lists loosely; the mapper reads them through its own narrow interfaces.
  const [nodes, services, tasks, networks] = (await Promise.all([
    docker.listNodes(),
    docker.listServices(),
    docker.listTasks(),
    docker.listNetworks({ filters: JSON.stringify({ scope: ['swarm'] }) }),
  ])) as [EngineNode[], EngineService[], EngineTask[], Array<{ Name: string; Ingress?: boolean }>];
  return {
    hostId,
    mode: 'manager',
    via: hostId,
    clusterId: swarm.Cluster?.ID ?? '',
    nodeId: swarm.NodeID ?? '',
    nodes: nodes.map(mapNode).sort((a, b) => a.role.localeCompare(b.role) || a.id.localeCompare(b.id)),
    services: services
      .map((service) => mapService(service, tasks))
      .sort((a, b) => a.name.localeCompare(b.name)),
    networks: networks
      .filter((network) => !network.Ingress)
      .map((network) => network.Name)
      .sort(),
  };
}

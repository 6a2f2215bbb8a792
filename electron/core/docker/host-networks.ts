/**
 * A host's networks: list with attached containers and their addresses, remove (never Docker's built-in
 * bridge/host/none; refused while containers are attached), prune of unused user networks.
 */
import { AppError } from '@shared/rpc/errors';
import type { Network, PruneResult } from '@shared/schemas/resources';
import { dockerError } from './docker-errors';
import type { EngineOf } from './host-images';
import { BUILT_IN_NETWORKS, toNetwork, type RawContainerLinks, type RawNetwork } from './resource-mapper';

export class HostNetworks {
  constructor(private readonly engine: EngineOf) {}

  async list(hostId: string): Promise<Network[]> {
    const { docker } = await this.engine(hostId);
    try {
      // The list answer has no containers; each container's own network settings say where it is attached.
      const [networks, containers] = await Promise.all([
        docker.listNetworks() as Promise<RawNetwork[]>,
        docker.listContainers({ all: true }) as Promise<RawContainerLinks[]>,
      ]);
      return networks
        .map((raw) => toNetwork(raw, containers))
        .sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
    } catch (error) {
      throw dockerError(error, 'Listing networks');
    }
  }

  async remove(hostId: string, networkId: string): Promise<string> {
    const { docker } = await this.engine(hostId);
    const network = docker.getNetwork(networkId);
    const inspect = (await network.inspect().catch((error: unknown) => {
      throw dockerError(error, `Network ${networkId}`);
    })) as { Name: string; Containers?: Record<string, { Name?: string }> | null };
    if (BUILT_IN_NETWORKS.has(inspect.Name)) {
      throw new AppError(
        'VALIDATION',
        `${inspect.Name} is one of Docker's built-in networks and cannot be removed`,
      );
    }
    const attached = Object.values(inspect.Containers ?? {}).map((c) => c.Name ?? '?');
    if (attached.length > 0) {
      throw new AppError(
        'CONFLICT',
        `Network ${inspect.Name} has containers attached (${attached.join(', ')}): disconnect or remove them first`,
      );
    }
    await network.remove().catch((error: unknown) => {
      throw dockerError(error, `Removing network ${inspect.Name}`);
    });
    return networkId;
  }

  /**
   * Removes exactly the user networks the list shows without containers. Docker's own prune would also
   * delete networks only stopped containers are configured on (they could not start again), which the
   * list and the prune dialog count as used. Networks that are in use after all (a container created
   * meanwhile, a swarm service) or already gone are left out, as Docker's prune leaves them.
   */
  async prune(hostId: string): Promise<PruneResult> {
    const { docker } = await this.engine(hostId);
    let unused: RawNetwork[];
    try {
      const [networks, containers] = await Promise.all([
        docker.listNetworks() as Promise<RawNetwork[]>,
        docker.listContainers({ all: true }) as Promise<RawContainerLinks[]>,
      ]);
      unused = networks.filter((raw) => {
        const network = toNetwork(raw, containers);
        return !network.builtIn && !raw.Ingress && network.containers.length === 0;
      });
    } catch (error) {
      throw dockerError(error, 'Pruning networks');
    }
    const removed: string[] = [];
    for (const raw of unused) {
      try {
        await docker.getNetwork(raw.Id).remove();
        removed.push(raw.Name);
      } catch (error) {
        const code = dockerError(error, `Removing network ${raw.Name}`).code;
        if (code !== 'NOT_FOUND' && code !== 'CONFLICT' && code !== 'FORBIDDEN') {
          throw dockerError(error, `Removing network ${raw.Name}`);
        }
      }
    }
    return { removed, reclaimedBytes: 0 };
  }
}

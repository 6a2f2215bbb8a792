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

  async prune(hostId: string): Promise<PruneResult> {
    const { docker } = await this.engine(hostId);
    try {
      const result = (await docker.pruneNetworks()) as { NetworksDeleted?: string[] | null };
      return { removed: result.NetworksDeleted ?? [], reclaimedBytes: 0 };
    } catch (error) {
      throw dockerError(error, 'Pruning networks');
    }
  }
}

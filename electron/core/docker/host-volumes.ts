/** A host's volumes: list with the containers mounting each, remove (refused while mounted), prune. */
import { AppError } from '@shared/rpc/errors';
import type { PruneResult, Volume } from '@shared/schemas/resources';
import { dockerError } from './docker-errors';
import type { EngineOf } from './host-images';
import { toVolume, type RawContainerLinks, type RawVolume } from './resource-mapper';

export class HostVolumes {
  constructor(private readonly engine: EngineOf) {}

  async list(hostId: string): Promise<Volume[]> {
    const { docker } = await this.engine(hostId);
    try {
      const [answer, containers] = await Promise.all([
        docker.listVolumes() as Promise<{ Volumes?: RawVolume[] | null }>,
        docker.listContainers({ all: true }) as Promise<RawContainerLinks[]>,
      ]);
      return (answer.Volumes ?? [])
        .map((raw) => toVolume(raw, containers))
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      throw dockerError(error, 'Listing volumes');
    }
  }

  /** A volume any container mounts (even a stopped one) → CONFLICT naming them, as Docker would refuse. */
  async remove(hostId: string, name: string): Promise<string> {
    const { docker } = await this.engine(hostId);
    const volume = docker.getVolume(name);
    await volume.inspect().catch((error: unknown) => {
      throw dockerError(error, `Volume ${name}`);
    });
    const users = (await this.list(hostId)).find((v) => v.name === name)?.containers ?? [];
    if (users.length > 0) {
      throw new AppError(
        'CONFLICT',
        `Volume ${name} is in use by ${users.join(', ')}: remove those containers first`,
      );
    }
    await volume.remove().catch((error: unknown) => {
      throw dockerError(error, `Removing volume ${name}`);
    });
    return name;
  }

  /**
   * Removes every volume no container uses. Engines from API 1.42 on prune only anonymous volumes unless
   * asked for `all`, which older engines reject as an unknown filter: ask only those that know it.
   */
  async prune(hostId: string): Promise<PruneResult> {
    const { docker } = await this.engine(hostId);
    try {
      const version = (await docker.version()) as { ApiVersion?: string };
      const filters: Record<string, string[]> = apiAtLeast(version.ApiVersion, 1, 42)
        ? { all: ['true'] }
        : {};
      const result = (await docker.pruneVolumes({ filters })) as {
        VolumesDeleted?: string[] | null;
        SpaceReclaimed?: number;
      };
      return { removed: result.VolumesDeleted ?? [], reclaimedBytes: result.SpaceReclaimed ?? 0 };
    } catch (error) {
      throw dockerError(error, 'Pruning volumes');
    }
  }
}

function apiAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const [m = 0, n = 0] = (version ?? '').split('.').map(Number);
  return m > major || (m === major && n >= minor);
}

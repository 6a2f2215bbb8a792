import type { HostService } from '../hosts/host-service';
import type { ContainerSource, HostRef, WatchedContainer } from '../updates/container-source';
import type { DockerService } from './docker-service';

/**
 * The update poller's view of the Docker layer: saved hosts, and their containers with the image's
 * RepoDigests and platform (one image inspect per distinct image, in parallel).
 */
export class DockerContainerSource implements ContainerSource {
  constructor(
    private readonly hostService: HostService,
    private readonly docker: DockerService,
  ) {}

  /**
   * SSH-only hosts (jump hosts without an engine) have no containers to watch, so they are left out; hosts
   * the user disconnected or whose key is not confirmed are listed with the reason they are skipped.
   */
  hosts(): HostRef[] {
    return this.hostService
      .list()
      .filter((host) => host.dockerEnabled)
      .map((host) => ({
        id: host.id,
        name: host.name,
        skipReason: this.hostService.backgroundSkipReason(host.id),
      }));
  }

  async listContainers(hostId: string, signal?: AbortSignal): Promise<WatchedContainer[]> {
    const containers = await this.docker.listContainers(hostId);
    signal?.throwIfAborted();
    const engine = await this.docker.engine(hostId);
    const imageIds = [...new Set(containers.map((container) => container.imageId).filter(Boolean))];
    const inspected = await Promise.all(
      imageIds.map(async (id) => {
        const image = (await engine.docker
          .getImage(id)
          .inspect()
          .catch(() => null)) as {
          Os?: string;
          Architecture?: string;
          Variant?: string;
          RepoDigests?: string[];
        } | null;
        return [id, image] as const;
      }),
    );
    signal?.throwIfAborted();
    const images = new Map(inspected);
    return containers.map((container) => {
      const image = images.get(container.imageId) ?? null;
      return {
        id: container.id,
        name: container.name,
        image: container.image,
        imageId: container.imageId,
        repoDigests: image?.RepoDigests ?? container.repoDigests,
        labels: container.labels,
        platform: {
          os: image?.Os ?? 'linux',
          architecture: image?.Architecture ?? 'amd64',
          variant: image?.Variant ?? null,
        },
        state: container.state,
      };
    });
  }
}

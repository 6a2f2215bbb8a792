/**
 * A host's images: list (with the containers using each), remove, and prune of dangling images with a
 * preview of what a prune would reclaim. Pulls are in image-pulls.ts.
 */
import { AppError } from '@shared/rpc/errors';
import type { Image, ImagePrunePreview, PruneResult } from '@shared/schemas/resources';
import type { RawContainer } from './container-mapper';
import type { Engine } from './docker-engine';
import { dockerError } from './docker-errors';
import { toImage, type RawImage } from './resource-mapper';

export type EngineOf = (hostId: string) => Promise<Engine>;

export class HostImages {
  constructor(private readonly engine: EngineOf) {}

  async list(hostId: string): Promise<Image[]> {
    const { docker } = await this.engine(hostId);
    try {
      const [images, containers] = await Promise.all([
        docker.listImages({ all: false }) as Promise<RawImage[]>,
        docker.listContainers({ all: true }) as Promise<RawContainer[]>,
      ]);
      return images.map((raw) => toImage(raw, containers)).sort(byNameThenId);
    } catch (error) {
      throw dockerError(error, 'Listing images');
    }
  }

  /**
   * Docker itself refuses only when a container is running from it, and its message names an id; the
   * check here also covers stopped containers and names them, so the user knows what to remove first.
   */
  async remove(hostId: string, imageId: string, force: boolean): Promise<string> {
    const { docker } = await this.engine(hostId);
    const image = docker.getImage(imageId);
    const inspect = (await image.inspect().catch((error: unknown) => {
      throw dockerError(error, `Image ${imageId}`);
    })) as { Id: string; RepoTags?: string[] | null };
    // Removing one of several tags only untags: the image and its containers stay as they are.
    const untagOnly = (inspect.RepoTags ?? []).length > 1 && (inspect.RepoTags ?? []).includes(imageId);
    if (!force && !untagOnly) {
      const users = await this.users(hostId, inspect.Id);
      if (users.length > 0) {
        throw new AppError(
          'CONFLICT',
          `Image ${imageId} is used by ${users.join(', ')}: remove ${users.length === 1 ? 'that container' : 'those containers'} first, or remove the image with force`,
        );
      }
    }
    await image.remove({ force }).catch((error: unknown) => {
      throw dockerError(error, `Removing image ${imageId}`);
    });
    return imageId;
  }

  /** What `images.prune` would remove now: dangling images no container (running or not) was created from. */
  async prunePreview(hostId: string): Promise<ImagePrunePreview> {
    const images = (await this.list(hostId)).filter((i) => i.dangling && i.containers.length === 0);
    // Layers shared with other images are not freed, so this is an upper bound; Docker reports the real figure.
    return { images, reclaimableBytes: images.reduce((sum, image) => sum + image.size, 0) };
  }

  async prune(hostId: string): Promise<PruneResult> {
    const { docker } = await this.engine(hostId);
    try {
      const result = (await docker.pruneImages({ filters: { dangling: ['true'] } })) as {
        ImagesDeleted?: Array<{ Deleted?: string; Untagged?: string }> | null;
        SpaceReclaimed?: number;
      };
      return {
        removed: (result.ImagesDeleted ?? []).flatMap((entry) => (entry.Deleted ? [entry.Deleted] : [])),
        reclaimedBytes: result.SpaceReclaimed ?? 0,
      };
    } catch (error) {
      throw dockerError(error, 'Pruning images');
    }
  }

  private async users(hostId: string, imageId: string): Promise<string[]> {
    const image = (await this.list(hostId)).find((candidate) => candidate.id === imageId);
    return image?.containers ?? [];
  }
}

/** Tagged images first, by their first tag; dangling ones after, by id. */
function byNameThenId(a: Image, b: Image): number {
  const left = a.repoTags[0] ?? `~${a.id}`;
  const right = b.repoTags[0] ?? `~${b.id}`;
  return left.localeCompare(right);
}

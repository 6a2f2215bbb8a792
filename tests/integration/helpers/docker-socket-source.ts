// A ContainerSource over the lab engines' local socket files (the real one goes over SSH and is built
// by the Docker layer). Same data: container inspect for Config.Image and labels, image inspect for
// RepoDigests and the platform.
import Docker from 'dockerode';
import type {
  ContainerSource,
  HostRef,
  WatchedContainer,
} from '../../../electron/core/updates/container-source';

export interface SocketHost extends HostRef {
  socketPath: string;
}

export class DockerSocketSource implements ContainerSource {
  private readonly engines = new Map<string, Docker>();

  constructor(private readonly hostList: SocketHost[]) {
    for (const host of hostList) this.engines.set(host.id, new Docker({ socketPath: host.socketPath }));
  }

  hosts(): HostRef[] {
    return this.hostList.map(({ id, name }) => ({ id, name }));
  }

  engine(hostId: string): Docker {
    const engine = this.engines.get(hostId);
    if (!engine) throw new Error(`unknown host ${hostId}`);
    return engine;
  }

  async listContainers(hostId: string): Promise<WatchedContainer[]> {
    const docker = this.engine(hostId);
    const summaries = await docker.listContainers({ all: true });
    const images = new Map<string, Promise<Docker.ImageInspectInfo>>();
    const inspectImage = (id: string) => {
      let promise = images.get(id);
      if (!promise) {
        promise = docker.getImage(id).inspect();
        images.set(id, promise);
      }
      return promise;
    };
    return Promise.all(
      summaries.map(async (summary) => {
        const [container, image] = await Promise.all([
          docker.getContainer(summary.Id).inspect(),
          inspectImage(summary.ImageID),
        ]);
        const variant = (image as { Variant?: string }).Variant;
        return {
          id: summary.Id,
          name: container.Name.replace(/^\//, ''),
          image: container.Config.Image,
          imageId: summary.ImageID,
          repoDigests: image.RepoDigests ?? [],
          labels: container.Config.Labels ?? {},
          platform: { os: image.Os, architecture: image.Architecture, variant: variant ?? null },
          state: summary.State,
        };
      }),
    );
  }
}

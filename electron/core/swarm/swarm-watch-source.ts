/**
 * The update watch's view of a swarm: a service is watched as one entry under its own name (its spec image
 * and the digest Swarm pinned), not as the task containers Swarm runs for it on each node, which an in-place
 * update must never touch (Swarm would replace them). Task containers are left out on every host; services
 * are listed on the hosts that manage them.
 */
import type Docker from 'dockerode';
import type { ContainerSource, WatchedContainer } from '../updates/container-source';
import { platformOf } from '../deploy/deploy-run';
import type { Engine } from '../docker/docker-engine';
import { swarmInfo } from './swarm-cluster';
import { splitPinnedImage, type EngineService } from './swarm-mapper';

/** Docker sets it on every container a Swarm task runs. */
export const SWARM_TASK_LABEL = 'com.docker.swarm.service.id';
/** Marks a watched entry as a Swarm service (the inbox and deploys route on it). */
export const SWARM_SERVICE_LABEL = 'tidewatch.swarm.service';

export class SwarmWatchSource implements ContainerSource {
  constructor(
    private readonly base: ContainerSource,
    private readonly engine: (hostId: string) => Promise<Engine>,
  ) {}

  hosts() {
    return this.base.hosts();
  }

  async listContainers(hostId: string, signal?: AbortSignal): Promise<WatchedContainer[]> {
    const containers = (await this.base.listContainers(hostId, signal)).filter(
      (container) => !(SWARM_TASK_LABEL in container.labels),
    );
    const { docker } = await this.engine(hostId);
    const swarm = await swarmInfo(docker).catch(() => null);
    if (swarm?.LocalNodeState !== 'active' || !swarm.ControlAvailable) return containers;
    return [...containers, ...(await watchedServices(docker))];
  }
}

async function watchedServices(docker: Docker): Promise<WatchedContainer[]> {
  // dockerode types the list loosely; the mapper's interface names the fields read here.
  const services = (await docker.listServices()) as EngineService[];
  const platform = await platformOf(docker);
  return services.flatMap((service) => {
    const spec = service.Spec ?? {};
    const { image, digest } = splitPinnedImage(spec.TaskTemplate?.ContainerSpec?.Image ?? '');
    if (!image || !spec.Name) return [];
    const labels = (spec.Labels as Record<string, string> | undefined) ?? {};
    return [
      {
        id: service.ID,
        name: spec.Name,
        image,
        imageId: '',
        repoDigests: digest ? [`${image.replace(/:[\w][\w.-]*$/, '')}@${digest}`] : [],
        labels: { ...labels, [SWARM_SERVICE_LABEL]: spec.Name },
        platform: { ...platform, variant: null },
        state: 'running',
      },
    ];
  });
}

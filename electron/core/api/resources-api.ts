import type { HostService } from '../hosts/host-service';
import type { HostImages } from '../docker/host-images';
import type { HostNetworks } from '../docker/host-networks';
import type { HostVolumes } from '../docker/host-volumes';
import type { ImagePulls } from '../docker/image-pulls';
import type { Handler } from './dispatcher';

type ResourcesHandlers = {
  [
    M in
      | 'images.list'
      | 'images.remove'
      | 'images.prunePreview'
      | 'images.prune'
      | 'images.pull'
      | 'images.cancelPull'
      | 'volumes.list'
      | 'volumes.remove'
      | 'volumes.prune'
      | 'networks.list'
      | 'networks.remove'
      | 'networks.prune'
  ]: Handler<M>;
};

export interface ResourcesDeps {
  hosts: HostService;
  images: HostImages;
  pulls: ImagePulls;
  volumes: HostVolumes;
  networks: HostNetworks;
}

/**
 * `images.*`, `volumes.*`, `networks.*`: thin wrappers. An unknown host id is NOT_FOUND before anything
 * connects, as for containers.
 */
export function resourcesHandlers({
  hosts,
  images,
  pulls,
  volumes,
  networks,
}: ResourcesDeps): ResourcesHandlers {
  const known = (hostId: string) => hosts.record(hostId).id;
  const removed = async (id: Promise<string>) => ({ removed: true as const, id: await id });
  return {
    'images.list': ({ hostId }) => images.list(known(hostId)),
    'images.remove': ({ hostId, imageId, force }) => removed(images.remove(known(hostId), imageId, force)),
    'images.prunePreview': ({ hostId }) => images.prunePreview(known(hostId)),
    'images.prune': ({ hostId }) => images.prune(known(hostId)),
    'images.pull': ({ hostId, reference }) => pulls.start(known(hostId), reference),
    'images.cancelPull': ({ pullId }) => ({ cancelled: pulls.cancel(pullId) }),
    'volumes.list': ({ hostId }) => volumes.list(known(hostId)),
    'volumes.remove': ({ hostId, name }) => removed(volumes.remove(known(hostId), name)),
    'volumes.prune': ({ hostId }) => volumes.prune(known(hostId)),
    'networks.list': ({ hostId }) => networks.list(known(hostId)),
    'networks.remove': ({ hostId, networkId }) => removed(networks.remove(known(hostId), networkId)),
    'networks.prune': ({ hostId }) => networks.prune(known(hostId)),
  };
}

import type { ContainerDetailsService } from '../docker/container-details';
import { sampleStats } from '../docker/container-stats';
import type { Engine } from '../docker/docker-engine';
import type { HostService } from '../hosts/host-service';
import type { Handler } from './dispatcher';

/** `containers.details`, `containers.revealEnv` and `containers.stats`; an unknown host is NOT_FOUND before any connection. */
export function containerDetailsHandlers(
  details: ContainerDetailsService,
  hosts: HostService,
  engine: (hostId: string) => Promise<Engine>,
): {
  'containers.details': Handler<'containers.details'>;
  'containers.revealEnv': Handler<'containers.revealEnv'>;
  'containers.stats': Handler<'containers.stats'>;
} {
  const known = (hostId: string) => hosts.record(hostId).id;
  return {
    'containers.details': ({ hostId, containerId }) => details.details(known(hostId), containerId),
    'containers.revealEnv': ({ hostId, containerId, key }) =>
      details.revealEnv(known(hostId), containerId, key),
    'containers.stats': async ({ hostId, containerId }) =>
      sampleStats(await engine(known(hostId)), containerId, new Date()),
  };
}

import type { ContainerDetailsService } from '../docker/container-details';
import type { HostService } from '../hosts/host-service';
import type { Handler } from './dispatcher';

/** `containers.details` and `containers.revealEnv`; an unknown host is NOT_FOUND before any connection. */
export function containerDetailsHandlers(
  details: ContainerDetailsService,
  hosts: HostService,
): {
  'containers.details': Handler<'containers.details'>;
  'containers.revealEnv': Handler<'containers.revealEnv'>;
} {
  const known = (hostId: string) => hosts.record(hostId).id;
  return {
    'containers.details': ({ hostId, containerId }) => details.details(known(hostId), containerId),
    'containers.revealEnv': ({ hostId, containerId, key }) =>
      details.revealEnv(known(hostId), containerId, key),
  };
}

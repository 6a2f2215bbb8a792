import type { DockerService } from '../docker/docker-service';
import type { HostService } from '../hosts/host-service';
import type { Handler } from './dispatcher';

type ContainersHandlers = {
  [
    M in
      | 'docker.info'
      | 'containers.list'
      | 'containers.get'
      | 'containers.start'
      | 'containers.stop'
      | 'containers.restart'
      | 'containers.remove'
      | 'containers.logs.start'
      | 'containers.logs.stop'
  ]: Handler<M>;
};

/**
 * `docker.*` and `containers.*`: thin wrappers over DockerService (which connects on demand). An unknown
 * host id is NOT_FOUND before anything else happens: no connection entry, no state event.
 */
export function containersHandlers(docker: DockerService, hosts: HostService): ContainersHandlers {
  const known = (hostId: string) => hosts.record(hostId).id;
  return {
    'docker.info': ({ hostId }) => docker.info(known(hostId)),
    'containers.list': ({ hostId }) => docker.listContainers(known(hostId)),
    'containers.get': ({ hostId, containerId }) => docker.container(known(hostId), containerId),
    'containers.start': ({ hostId, containerId }) => docker.start(known(hostId), containerId),
    'containers.stop': ({ hostId, containerId, timeoutSeconds }) =>
      docker.stop(known(hostId), containerId, timeoutSeconds),
    'containers.restart': ({ hostId, containerId, timeoutSeconds }) =>
      docker.restart(known(hostId), containerId, timeoutSeconds),
    'containers.remove': async ({ hostId, containerId, force, removeVolumes }) => ({
      removed: true as const,
      id: await docker.remove(known(hostId), containerId, { force, removeVolumes }),
    }),
    'containers.logs.start': (input, context) =>
      docker.startLogs({ ...input, hostId: known(input.hostId) }, context.connectionId ?? null),
    'containers.logs.stop': ({ streamId }, context) => ({
      stopped: docker.logs.stop(streamId, context.connectionId ?? null),
    }),
  };
}

import type { DockerService } from '../docker/docker-service';
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

/** `docker.*` and `containers.*`: thin wrappers over DockerService (which connects on demand). */
export function containersHandlers(docker: DockerService): ContainersHandlers {
  return {
    'docker.info': ({ hostId }) => docker.info(hostId),
    'containers.list': ({ hostId }) => docker.listContainers(hostId),
    'containers.get': ({ hostId, containerId }) => docker.container(hostId, containerId),
    'containers.start': ({ hostId, containerId }) => docker.start(hostId, containerId),
    'containers.stop': ({ hostId, containerId, timeoutSeconds }) =>
      docker.stop(hostId, containerId, timeoutSeconds),
    'containers.restart': ({ hostId, containerId, timeoutSeconds }) =>
      docker.restart(hostId, containerId, timeoutSeconds),
    'containers.remove': async ({ hostId, containerId, force, removeVolumes }) => ({
      removed: true as const,
      containerId: await docker.remove(hostId, containerId, { force, removeVolumes }),
    }),
    'containers.logs.start': (input) => docker.startLogs(input),
    'containers.logs.stop': ({ streamId }) => ({ stopped: docker.logs.stop(streamId) }),
  };
}

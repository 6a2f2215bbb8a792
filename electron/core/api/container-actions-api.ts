import type Docker from 'dockerode';
import type { DockerService } from '../docker/docker-service';
import { dockerError, isNotModified } from '../docker/docker-errors';
import type { HostService } from '../hosts/host-service';
import type { Handler } from './dispatcher';

type Method = 'containers.pause' | 'containers.unpause' | 'containers.kill' | 'containers.rename';

/**
 * Pause, unpause, kill and rename: one Docker call each, answered with the container as it is afterwards.
 * Docker's refusals (not running: 409, a taken name: 409) arrive as CONFLICT with Docker's words.
 */
export function containerActionsHandlers(
  docker: DockerService,
  hosts: HostService,
): { [M in Method]: Handler<M> } {
  const act = async (
    hostId: string,
    containerId: string,
    verb: string,
    action: (container: Docker.Container) => Promise<unknown>,
  ): Promise<void> => {
    const engine = await docker.engine(hostId);
    await action(engine.docker.getContainer(containerId)).catch((error: unknown) => {
      if (!isNotModified(error)) throw dockerError(error, `${verb} ${containerId}`);
    });
  };
  const known = (hostId: string) => hosts.record(hostId).id;
  return {
    'containers.pause': async ({ hostId, containerId }) => {
      await act(known(hostId), containerId, 'Pausing', (c) => c.pause());
      return docker.container(hostId, containerId);
    },
    'containers.unpause': async ({ hostId, containerId }) => {
      await act(known(hostId), containerId, 'Unpausing', (c) => c.unpause());
      return docker.container(hostId, containerId);
    },
    'containers.kill': async ({ hostId, containerId, signal }) => {
      await act(known(hostId), containerId, `Sending ${signal} to`, (c) => c.kill({ signal }));
      return docker.container(hostId, containerId);
    },
    // Looked up by the new name afterwards: the old one no longer exists.
    'containers.rename': async ({ hostId, containerId, name }) => {
      await act(known(hostId), containerId, 'Renaming', (c) => c.rename({ name }));
      return docker.container(hostId, name);
    },
  };
}

import { ComposeProjects } from '../docker/compose-projects';
import type { EngineOf } from '../docker/host-images';
import type { HostService } from '../hosts/host-service';
import type { Handler } from './dispatcher';

/** `compose.*`: an unknown host is NOT_FOUND before any connection is tried. */
export function composeHandlers(
  engineOf: EngineOf,
  hosts: HostService,
): { 'compose.action': Handler<'compose.action'> } {
  const projects = new ComposeProjects(engineOf);
  return {
    'compose.action': ({ hostId, project, action, timeoutSeconds }) =>
      projects.act(hosts.record(hostId).id, project, action, timeoutSeconds),
  };
}

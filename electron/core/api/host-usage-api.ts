import type { EngineOf } from '../docker/host-images';
import { HostUsageSampler } from '../docker/host-usage';
import type { HostService } from '../hosts/host-service';
import type { Handler } from './dispatcher';

/** `docker.usage`: an unknown host is NOT_FOUND before any connection is tried. */
export function hostUsageHandlers(
  engineOf: EngineOf,
  hosts: HostService,
): { 'docker.usage': Handler<'docker.usage'> } {
  const sampler = new HostUsageSampler(engineOf);
  return {
    'docker.usage': ({ hostId }) => sampler.usage(hosts.record(hostId).id),
  };
}

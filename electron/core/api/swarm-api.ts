import type { HostService } from '../hosts/host-service';
import type { SwarmClusterReader } from '../swarm/swarm-cluster';
import type { SwarmDeployer } from '../swarm/swarm-deployer';
import type { SwarmServices } from '../swarm/swarm-services';
import type { Handler } from './dispatcher';

/** `swarm.*`: an unknown host is NOT_FOUND before any connection is used. */
export function swarmHandlers(
  cluster: SwarmClusterReader,
  deployer: SwarmDeployer,
  services: SwarmServices,
  hosts: HostService,
): {
  'swarm.cluster': Handler<'swarm.cluster'>;
  'swarm.deploy': Handler<'swarm.deploy'>;
  'swarm.rollback': Handler<'swarm.rollback'>;
  'swarm.createService': Handler<'swarm.createService'>;
} {
  return {
    'swarm.cluster': ({ hostId }) => cluster.read(hosts.record(hostId).id),
    // Both answer once the deploy is open; Swarm's progress follows as deploys.progress events.
    'swarm.deploy': async (input) => (await deployer.start(input)).deploy,
    'swarm.rollback': async ({ hostId, service }) => (await deployer.rollBack(hostId, service)).deploy,
    'swarm.createService': (input) => services.create({ ...input, hostId: hosts.record(input.hostId).id }),
  };
}

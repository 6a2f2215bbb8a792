import type { DeployEngine } from '../deploy/deploy-engine';
import type { DeployTags } from '@shared/schemas/deploys';
import type { SwarmDeployer } from '../swarm/swarm-deployer';
import type { Handler } from './dispatcher';

export function deploysHandlers(
  engine: DeployEngine,
  tags: (input: { hostId: string; containerName: string }) => Promise<DeployTags>,
  swarm: SwarmDeployer,
): {
  'deploys.start': Handler<'deploys.start'>;
  'deploys.list': Handler<'deploys.list'>;
  'deploys.get': Handler<'deploys.get'>;
  'deploys.cancel': Handler<'deploys.cancel'>;
  'deploys.rollback': Handler<'deploys.rollback'>;
  'deploys.startMany': Handler<'deploys.startMany'>;
  'deploys.tags': Handler<'deploys.tags'>;
} {
  return {
    // The call answers once the deploy is open; its progress arrives as deploys.progress events.
    'deploys.start': async (input) => (await engine.start(input)).deploy,
    'deploys.list': (input) => engine.list(input ?? {}),
    'deploys.get': (input) => engine.get(input.id),
    // A Swarm service update is followed by the Swarm deployer: cancelling it asks Swarm to roll back.
    'deploys.cancel': (input) => ({ cancelled: engine.cancel(input.id) || swarm.cancel(input.id) }),
    'deploys.rollback': async (input) => {
      const earlier = engine.get(input.id);
      if (earlier.kind === 'swarm')
        return (await swarm.rollBack(earlier.hostId, earlier.containerName)).deploy;
      return (await engine.rollBackTo(input.id)).deploy;
    },
    // Unknown hosts and containers are refused per item (NOT_FOUND), the others still start.
    'deploys.startMany': (input) => engine.startMany(input.items),
    'deploys.tags': (input) => tags(input),
  };
}

import type { DeployEngine } from '../deploy/deploy-engine';
import type { DeployTags } from '@shared/schemas/deploys';
import type { Handler } from './dispatcher';

export function deploysHandlers(
  engine: DeployEngine,
  tags: (input: { hostId: string; containerName: string }) => Promise<DeployTags>,
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
    'deploys.cancel': (input) => ({ cancelled: engine.cancel(input.id) }),
    'deploys.rollback': async (input) => (await engine.rollBackTo(input.id)).deploy,
    // Unknown hosts and containers are refused per item (NOT_FOUND), the others still start.
    'deploys.startMany': (input) => engine.startMany(input.items),
    'deploys.tags': (input) => tags(input),
  };
}

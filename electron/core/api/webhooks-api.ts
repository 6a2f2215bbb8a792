import type { WebhooksModule } from '../webhooks/webhooks-module';
import type { Handler } from './dispatcher';

type WebhookMethod =
  | 'webhooks.status'
  | 'webhooks.update'
  | 'webhooks.endpoints'
  | 'webhooks.regenerateSecret'
  | 'webhooks.setSecret'
  | 'webhooks.deliveries'
  | 'webhooks.diunUpdates'
  | 'webhooks.diunAcknowledge';

export function webhooksHandlers(webhooks: WebhooksModule): { [M in WebhookMethod]: Handler<M> } {
  return {
    'webhooks.status': () => webhooks.status(),
    'webhooks.update': (input) => webhooks.update(input),
    'webhooks.endpoints': () => webhooks.endpoints(),
    'webhooks.regenerateSecret': ({ name }) => webhooks.regenerate(name),
    'webhooks.setSecret': ({ name, secret }) => webhooks.setSecret(name, secret),
    'webhooks.deliveries': (input) => webhooks.deliveries.list(input ?? {}),
    'webhooks.diunUpdates': () => webhooks.diun.list(),
    'webhooks.diunAcknowledge': ({ image }) => webhooks.diunAcknowledge(image),
  };
}

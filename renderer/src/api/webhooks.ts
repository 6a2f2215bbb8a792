import { useQueryClient } from '@tanstack/react-query';
import { methodKey } from './call';
import { useMethodMutation, useMethodQuery } from './hooks';

/** Webhook intake: the listener's settings and state, the endpoints with their secrets, the delivery log. */
export function useWebhookStatus() {
  return useMethodQuery('webhooks.status');
}
export function useWebhookEndpoints() {
  return useMethodQuery('webhooks.endpoints');
}
export function useWebhookDeliveries() {
  return useMethodQuery('webhooks.deliveries', { limit: 200 });
}

function useRefetch(...methods: Array<'webhooks.status' | 'webhooks.endpoints'>) {
  const queryClient = useQueryClient();
  return () => {
    for (const method of methods) void queryClient.invalidateQueries({ queryKey: methodKey(method) });
  };
}

export function useUpdateWebhooks() {
  return useMethodMutation('webhooks.update', {
    onSettled: useRefetch('webhooks.status', 'webhooks.endpoints'),
  });
}
export function useRegenerateSecret() {
  return useMethodMutation('webhooks.regenerateSecret', { onSettled: useRefetch('webhooks.endpoints') });
}

/** DIUN notifications received by the webhook listener, one per image as the DIUN dashboard keeps them. */
export function useDiunUpdates() {
  return useMethodQuery('webhooks.diunUpdates');
}
export function useAcknowledgeDiun() {
  const queryClient = useQueryClient();
  return useMethodMutation('webhooks.diunAcknowledge', {
    onSettled: () => void queryClient.invalidateQueries({ queryKey: methodKey('webhooks.diunUpdates') }),
  });
}

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { methodKey } from './call';
import { useClient, useConnectionStatus } from './context';
import { syncHostEvents } from './host-events';

/**
 * Keeps the query cache in step with the core: contract events update or invalidate queries, and a
 * reconnect after a drop refetches everything (events sent while we were away are lost).
 * Calls `client.ready()` once listeners are in place, so queued events are not delivered to nobody.
 */
export function useEventSync(): void {
  const client = useClient();
  const queryClient = useQueryClient();

  useEffect(() => {
    const unsubscribers = [
      client.on('settings.changed', (settings) =>
        queryClient.setQueryData(methodKey('settings.get'), settings),
      ),
      syncHostEvents(client, queryClient),
      client.on('app.secretBackendChanged', () => {
        void queryClient.invalidateQueries({ queryKey: methodKey('app.info') });
      }),
      // Step changes refetch the history; pull-layer updates are many and carry their own data.
      client.on('deploys.progress', (progress) => {
        if (progress.layers) return;
        void queryClient.invalidateQueries({ queryKey: methodKey('deploys.list') });
      }),
      client.on('companions.changed', () => {
        void queryClient.invalidateQueries({ queryKey: methodKey('companions.list') });
      }),
      client.on('companions.removed', () => {
        void queryClient.invalidateQueries({ queryKey: methodKey('companions.list') });
      }),
      client.on('companions.updatesChanged', () => {
        void queryClient.invalidateQueries({ queryKey: methodKey('companions.updates') });
      }),
      client.on('webhooks.delivery', () => {
        void queryClient.invalidateQueries({ queryKey: methodKey('webhooks.deliveries') });
      }),
      client.on('webhooks.state', () => {
        void queryClient.invalidateQueries({ queryKey: methodKey('webhooks.status') });
      }),
      client.on('webhooks.diunChanged', () => {
        void queryClient.invalidateQueries({ queryKey: methodKey('webhooks.diunUpdates') });
      }),
      client.on('updates.changed', () => {
        void queryClient.invalidateQueries({ queryKey: methodKey('updates.list') });
        void queryClient.invalidateQueries({ queryKey: methodKey('updates.status') });
        void queryClient.invalidateQueries({ queryKey: methodKey('updates.groups.list') });
      }),
    ];
    client.ready();
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [client, queryClient]);

  useRefetchAfterReconnect();
}

function useRefetchAfterReconnect(): void {
  const queryClient = useQueryClient();
  const { state } = useConnectionStatus();
  const wasClosed = useRef(false);
  useEffect(() => {
    if (state === 'closed') wasClosed.current = true;
    if (state === 'open' && wasClosed.current) {
      wasClosed.current = false;
      void queryClient.invalidateQueries();
    }
  }, [state, queryClient]);
}

import type { TidewatchClient } from '@shared/rpc/client';
import type { HostStatus } from '@shared/schemas/hosts';
import type { QueryClient } from '@tanstack/react-query';
import { methodKey } from './call';

/** Docker emits bursts (a compose up is dozens of events): one refetch per host per burst is enough. */
const CONTAINER_REFETCH_DELAY_MS = 300;

/**
 * Hosts and containers events → cache. A state change patches the statuses list in place (no round
 * trip); reaching `connected` refetches the host's containers and engine; container events refetch the
 * host's list, debounced per host.
 */
export function syncHostEvents(client: TidewatchClient, queryClient: QueryClient): () => void {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const refetchContainers = (hostId: string) => {
    clearTimeout(timers.get(hostId));
    timers.set(
      hostId,
      setTimeout(() => {
        timers.delete(hostId);
        void queryClient.invalidateQueries({ queryKey: methodKey('containers.list', { hostId }) });
        void queryClient.invalidateQueries({ queryKey: methodKey('docker.info', { hostId }) });
        // Every open container page of this host (a partial key: the container is not known here).
        void queryClient.invalidateQueries({ queryKey: [...methodKey('containers.details'), { hostId }] });
      }, CONTAINER_REFETCH_DELAY_MS),
    );
  };

  const unsubscribers = [
    client.on('hosts.state', (status) => {
      queryClient.setQueryData<HostStatus[]>(methodKey('hosts.status'), (current) =>
        upsertStatus(current, status),
      );
      if (status.state === 'connected') refetchContainers(status.hostId);
    }),
    client.on('hosts.changed', () => {
      void queryClient.invalidateQueries({ queryKey: methodKey('hosts.list') });
      void queryClient.invalidateQueries({ queryKey: methodKey('hosts.status') });
    }),
    client.on('containers.changed', (change) => refetchContainers(change.hostId)),
  ];

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    for (const timer of timers.values()) clearTimeout(timer);
  };
}

function upsertStatus(current: HostStatus[] | undefined, status: HostStatus): HostStatus[] | undefined {
  // Before the first fetch there is nothing to patch; the fetch brings the current state.
  if (!current) return current;
  const others = current.filter((entry) => entry.hostId !== status.hostId);
  return [...others, status];
}

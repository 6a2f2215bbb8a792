import type { Host, HostStatus } from '@shared/schemas/hosts';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { callMethod, methodKey } from './call';
import { useClient } from './context';
import { useMethodMutation, useMethodQuery, type MutationExtras } from './hooks';

export function useHosts() {
  return useMethodQuery('hosts.list');
}

/** Every host's connection state, kept current by `hosts.state` events (see event-sync). */
export function useHostStatuses() {
  return useMethodQuery('hosts.status');
}

/** Status by host id, for lists that show many hosts. */
export function useHostStatusMap(): ReadonlyMap<string, HostStatus> {
  const { data } = useHostStatuses();
  return useMemo(() => new Map((data ?? []).map((status) => [status.hostId, status])), [data]);
}

export function useHost(id: string | null | undefined): { host: Host | undefined; isPending: boolean } {
  const { data, isPending } = useHosts();
  return { host: data?.find((host) => host.id === id), isPending };
}

export function useHostStatus(id: string | null | undefined): HostStatus | undefined {
  return useHostStatusMap().get(id ?? '');
}

/** After any change to the saved hosts, the list and the statuses are refetched. */
export function useInvalidateHosts() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: methodKey('hosts.list') });
    void queryClient.invalidateQueries({ queryKey: methodKey('hosts.status') });
  };
}

export function useCreateHost() {
  const invalidate = useInvalidateHosts();
  return useMethodMutation('hosts.create', { onSuccess: invalidate });
}

/** This machine's own Docker engine as a host (no SSH). */
export function useCreateLocalHost() {
  const invalidate = useInvalidateHosts();
  return useMethodMutation('hosts.createLocal', { onSuccess: invalidate });
}

export function useUpdateHost() {
  const invalidate = useInvalidateHosts();
  return useMethodMutation('hosts.update', { onSuccess: invalidate });
}

export function useRemoveHost() {
  const invalidate = useInvalidateHosts();
  return useMethodMutation('hosts.remove', { onSuccess: invalidate });
}

export function useTrustHostKey() {
  const invalidate = useInvalidateHosts();
  return useMethodMutation('hosts.trustHostKey', { onSuccess: invalidate });
}

export function useConnectHost(options?: MutationExtras<'hosts.connect'>) {
  return useMethodMutation('hosts.connect', options);
}

export function useDisconnectHost() {
  return useMethodMutation('hosts.disconnect');
}

/** A failed test is an answer shown in the dialog, not an error notification. */
export function useTestConnection() {
  return useMethodMutation('hosts.testConnection');
}

export function useImportSshConfig(options?: MutationExtras<'hosts.importSshConfig'>) {
  return useMethodMutation('hosts.importSshConfig', options);
}

/**
 * CPU, load and memory of several hosts (the all-hosts overview), read again every 15 s while the page is
 * visible; each reading is one short command over the host's own connection.
 */
export function useHostMetricsOf(hostIds: readonly string[]) {
  const client = useClient();
  return useQueries({
    queries: hostIds.map((hostId) => ({
      queryKey: methodKey('hosts.metrics', { hostId }),
      queryFn: () => callMethod(client, 'hosts.metrics', { hostId }),
      refetchInterval: 15_000,
      refetchIntervalInBackground: false,
      retry: false,
      gcTime: 60_000,
      meta: { silent: true },
    })),
  });
}

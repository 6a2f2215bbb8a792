import { useQueries, useQueryClient } from '@tanstack/react-query';
import { callMethod, methodKey } from './call';
import { useClient } from './context';
import { useMethodMutation, useMethodQuery } from './hooks';

/** Container lists stay cached per host for a while, so switching back to a host is instant. */
const KEEP_PER_HOST_MS = 30 * 60_000;

export function useContainers(hostId: string | null, enabled: boolean) {
  return useMethodQuery(
    'containers.list',
    { hostId: hostId ?? '' },
    {
      enabled: enabled && hostId !== null,
      gcTime: KEEP_PER_HOST_MS,
      meta: { silent: true },
    },
  );
}

/** Container lists of several hosts at once (the all-hosts dashboard). */
export function useContainersOfHosts(hostIds: readonly string[]) {
  const client = useClient();
  return useQueries({
    queries: hostIds.map((hostId) => ({
      queryKey: methodKey('containers.list', { hostId }),
      queryFn: () => callMethod(client, 'containers.list', { hostId }),
      gcTime: KEEP_PER_HOST_MS,
      meta: { silent: true },
    })),
  });
}

export function useEngineInfo(hostId: string | null, enabled: boolean) {
  return useMethodQuery(
    'docker.info',
    { hostId: hostId ?? '' },
    {
      enabled: enabled && hostId !== null,
      gcTime: KEEP_PER_HOST_MS,
      meta: { silent: true },
    },
  );
}

/** The container page's details; refetched when the container changes (containers.changed invalidates). */
export function useContainerDetails(hostId: string, containerId: string) {
  return useMethodQuery('containers.details', { hostId, containerId });
}

export function useRevealEnv() {
  return useMethodMutation('containers.revealEnv');
}

/** A stats sample every two seconds while the page is visible (TanStack pauses polling in the background). */
export function useContainerStats(hostId: string, containerId: string, enabled: boolean) {
  return useMethodQuery(
    'containers.stats',
    { hostId, containerId },
    { enabled, refetchInterval: 2_000, refetchIntervalInBackground: false, gcTime: 0, retry: false },
  );
}

/** A compose project's start/stop/restart; the host's list refetches when it settles (events do too). */
export function useComposeAction(hostId: string) {
  const queryClient = useQueryClient();
  return useMethodMutation('compose.action', {
    onSettled: () =>
      void queryClient.invalidateQueries({ queryKey: methodKey('containers.list', { hostId }) }),
  });
}

/**
 * The host's running containers with their CPU and memory, measured again every 30 s while the page is
 * visible: TanStack pauses the interval in a background tab, and nothing polls once the page is left.
 */
export function useHostUsage(hostId: string, enabled: boolean) {
  return useMethodQuery(
    'docker.usage',
    { hostId },
    {
      enabled,
      refetchInterval: 30_000,
      refetchIntervalInBackground: false,
      gcTime: 60_000,
      retry: false,
      meta: { silent: true },
    },
  );
}

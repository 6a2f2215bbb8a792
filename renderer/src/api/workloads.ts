import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { methodKey } from './call';
import { useClient } from './context';
import { useMethodMutation, useMethodQuery } from './hooks';

/** Every query that shows a workload's configuration, instances or deploys. */
function invalidateWorkloads(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: methodKey('workloads.list') });
  void queryClient.invalidateQueries({ queryKey: methodKey('workloads.get') });
  void queryClient.invalidateQueries({ queryKey: methodKey('workloads.history') });
}

/**
 * Keeps the workload queries in step with the core while a workload page is mounted: `workloads.changed`
 * refetches them, and a blue-green deploy's step changes refetch the history (its live progress) and,
 * once it ends, the instances. Mounted by the pages because the app-wide event sync is not ours to extend.
 */
export function useWorkloadEventSync(): void {
  const client = useClient();
  const queryClient = useQueryClient();
  useEffect(() => {
    const off = [
      client.on('workloads.changed', () => invalidateWorkloads(queryClient)),
      client.on('deploys.progress', (progress) => {
        if (progress.layers) return;
        void queryClient.invalidateQueries({ queryKey: methodKey('workloads.history') });
        // Instances change at start, switch and retire: cheap enough to refetch on each step change.
        void queryClient.invalidateQueries({ queryKey: methodKey('workloads.get') });
        if (progress.state !== 'running')
          void queryClient.invalidateQueries({ queryKey: methodKey('workloads.list') });
      }),
    ];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, [client, queryClient]);
}

export function useWorkloads() {
  return useMethodQuery('workloads.list', undefined, { meta: { silent: true } });
}

export function useWorkload(id: number) {
  return useMethodQuery('workloads.get', { id }, { meta: { silent: true }, enabled: id > 0 });
}

export function useCreateWorkload() {
  const queryClient = useQueryClient();
  // The editor shows errors at their fields, so no global notification.
  return useMethodMutation('workloads.create', {
    meta: { silent: true },
    onSuccess: () => invalidateWorkloads(queryClient),
  });
}

export function useUpdateWorkload() {
  const queryClient = useQueryClient();
  // The editor shows errors at their fields, so no global notification.
  return useMethodMutation('workloads.update', {
    meta: { silent: true },
    onSuccess: () => invalidateWorkloads(queryClient),
  });
}

export function useRemoveWorkload() {
  const queryClient = useQueryClient();
  return useMethodMutation('workloads.remove', {
    meta: { silent: true },
    onSuccess: () => invalidateWorkloads(queryClient),
  });
}

/** The tags a stage may deploy, read only while "Deploy version…" is open (each read asks the registry). */
export function useStageTags(id: number, stage: string, enabled: boolean) {
  return useMethodQuery(
    'workloads.tags',
    { id, stage },
    { enabled, staleTime: 30_000, retry: false, meta: { silent: true } },
  );
}

export function useDeployWorkload() {
  const queryClient = useQueryClient();
  return useMethodMutation('workloads.deploy', {
    meta: { silent: true },
    onSettled: () => {
      invalidateWorkloads(queryClient);
      void queryClient.invalidateQueries({ queryKey: methodKey('deploys.list') });
    },
  });
}

export function useInstanceAction() {
  const queryClient = useQueryClient();
  return useMethodMutation('workloads.instanceAction', {
    onSettled: () => invalidateWorkloads(queryClient),
  });
}

export function useInspectImage() {
  return useMethodMutation('workloads.inspectImage', { meta: { silent: true } });
}

export function useWorkloadHistory(id: number) {
  return useMethodQuery(
    'workloads.history',
    { id, limit: 50 },
    { enabled: id > 0, retry: false, meta: { silent: true } },
  );
}

export function useImportYaml() {
  const queryClient = useQueryClient();
  return useMethodMutation('workloads.importYaml', {
    meta: { silent: true },
    onSuccess: (result) => {
      if (result.applied) invalidateWorkloads(queryClient);
    },
  });
}

export function useExportYaml() {
  return useMethodMutation('workloads.exportYaml', { meta: { silent: true } });
}

export function useProxySettings(hostId: string | null) {
  return useMethodQuery(
    'proxy.get',
    { hostId: hostId ?? '' },
    { enabled: hostId !== null, meta: { silent: true } },
  );
}

export function useSetProxySettings() {
  const queryClient = useQueryClient();
  return useMethodMutation('proxy.set', {
    onSuccess: (saved) => {
      queryClient.setQueryData(methodKey('proxy.get', { hostId: saved.hostId }), saved);
      void queryClient.invalidateQueries({ queryKey: methodKey('proxy.routes') });
      invalidateWorkloads(queryClient);
    },
  });
}

export function useProxyRoutes(hostId: string, enabled: boolean) {
  return useMethodQuery('proxy.routes', { hostId }, { enabled, retry: false, meta: { silent: true } });
}

/** Looks for new tags now: auto-deploy stages deploy, the others get a pending tag. */
export function useCheckWorkloads() {
  const queryClient = useQueryClient();
  return useMethodMutation('workloads.check', { onSettled: () => invalidateWorkloads(queryClient) });
}

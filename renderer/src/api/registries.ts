import { useQueryClient } from '@tanstack/react-query';
import { methodKey } from './call';
import { useMethodMutation, useMethodQuery } from './hooks';

export function useRegistries() {
  return useMethodQuery('registries.list');
}

function useRefetchRegistries() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: methodKey('registries.list') });
}

export function useCreateRegistry() {
  return useMethodMutation('registries.create', { onSettled: useRefetchRegistries() });
}
export function useUpdateRegistry() {
  return useMethodMutation('registries.update', { onSettled: useRefetchRegistries() });
}
export function useRemoveRegistry() {
  return useMethodMutation('registries.remove', { onSettled: useRefetchRegistries() });
}
export function useImportDockerConfig() {
  return useMethodMutation('registries.importDockerConfig', { onSettled: useRefetchRegistries() });
}
/** Test results are shown inline by the form, so failures are not also raised as global notifications. */
export function useTestRegistry() {
  return useMethodMutation('registries.test', { meta: { silent: true } });
}

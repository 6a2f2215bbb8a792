import { useQueryClient } from '@tanstack/react-query';
import { methodKey } from './call';
import { useMethodMutation, useMethodQuery } from './hooks';

/** Outgoing notifiers: the core keeps each URL in the secret store and returns only its scheme and host. */
export function useNotifiers() {
  return useMethodQuery('updates.notifiers.list');
}

function useRefetchNotifiers() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: methodKey('updates.notifiers.list') });
}

export function useCreateNotifier() {
  return useMethodMutation('updates.notifiers.create', { onSettled: useRefetchNotifiers() });
}
export function useRemoveNotifier() {
  return useMethodMutation('updates.notifiers.remove', { onSettled: useRefetchNotifiers() });
}
/** Test results are shown by the section itself, so failures are not also raised as global notifications. */
export function useTestNotifier() {
  return useMethodMutation('updates.notifiers.test', { meta: { silent: true } });
}

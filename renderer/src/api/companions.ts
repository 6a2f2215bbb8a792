import { useQueryClient } from '@tanstack/react-query';
import { methodKey } from './call';
import { useMethodMutation, useMethodQuery } from './hooks';

/** Companions this core is attached to (always asked of the local core: see `LocalCore`). */
export function useCompanions() {
  return useMethodQuery('companions.list');
}

/** The attached companions' pending updates, by origin (refetched on `companions.updatesChanged`). */
export function useCompanionUpdates() {
  return useMethodQuery('companions.updates', undefined, { meta: { silent: true } });
}

function useRefetchCompanions() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: methodKey('companions.list') });
}

export function useAddCompanion() {
  // The form shows the error at its field; no global notification.
  return useMethodMutation('companions.add', { onSettled: useRefetchCompanions(), meta: { silent: true } });
}

export function useRemoveCompanion() {
  return useMethodMutation('companions.remove', { onSettled: useRefetchCompanions() });
}

import type { MethodInput, MethodName, MethodOutput } from '@shared/contract';
import { useMutation, useQuery, type UseMutationOptions, type UseQueryOptions } from '@tanstack/react-query';
import { callMethod, methodKey } from './call';
import { useClient } from './context';

export type QueryExtras<M extends MethodName> = Omit<
  UseQueryOptions<MethodOutput<M>, Error>,
  'queryKey' | 'queryFn'
>;

/** A TanStack query for one contract method; the key is `[method, input]`. */
export function useMethodQuery<M extends MethodName>(
  method: M,
  input?: MethodInput<M>,
  options?: QueryExtras<M>,
) {
  const client = useClient();
  return useQuery<MethodOutput<M>, Error>({
    queryKey: methodKey(method, input),
    queryFn: () => callMethod(client, method, input),
    ...options,
  });
}

export type MutationExtras<M extends MethodName> = Omit<
  UseMutationOptions<MethodOutput<M>, Error, MethodInput<M>>,
  'mutationFn'
>;

/** A TanStack mutation for one contract method; errors reach the global notification handler. */
export function useMethodMutation<M extends MethodName>(method: M, options?: MutationExtras<M>) {
  const client = useClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => callMethod(client, method, input),
    ...options,
  });
}

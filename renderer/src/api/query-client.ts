import { notifications, notificationsStore } from '@mantine/notifications';
import { ContractError } from '@shared/rpc/errors';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

declare module '@tanstack/react-query' {
  interface Register {
    /** `silent`: the component shows the error itself (inline), so no global notification. */
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

/** The message of a contract error is written for the user; anything else is an unexpected fault. */
export function errorMessage(error: unknown): string {
  if (error instanceof ContractError) return error.message;
  if (error instanceof Error) return `Unexpected error: ${error.message}`;
  return 'Unexpected error';
}

export function errorTitle(error: unknown): string {
  if (error instanceof ContractError) {
    if (error.code === 'UNAVAILABLE') return 'Unavailable';
    if (error.code === 'VALIDATION') return 'Invalid input';
    if (error.code === 'SECRET_BACKEND') return 'Secret storage problem';
  }
  return 'Something went wrong';
}

/** One red notification per distinct message: a query retried on every focus must not pile them up. */
export function notifyError(error: unknown): void {
  const message = errorMessage(error);
  const id = `error:${message}`;
  if (notificationsStore.getState().notifications.some((shown) => shown.id === id)) return;
  notifications.show({ id, color: 'red', title: errorTitle(error), message, autoClose: 8000 });
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (!query.meta?.silent) notifyError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (!mutation.meta?.silent) notifyError(error);
      },
    }),
    defaultOptions: {
      queries: {
        // Events keep the cache fresh; a refetch on every window focus would only add SSH round trips.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
        // Contract errors are answers, not glitches: retrying a NOT_FOUND or VALIDATION changes nothing.
        retry: (failures, error) => !(error instanceof ContractError) && failures < 2,
      },
    },
  });
}

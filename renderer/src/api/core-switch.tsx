import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createClient } from '@shared/rpc/client';
import {
  createContext,
  Fragment,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { ApiConnection } from './connection';
import { createConnectionStatusStore } from './connection-status';
import { companionIdOf } from './core-param';
import { ApiProvider, useApiConnection } from './context';
import { useEventSync } from './event-sync';
import { createQueryClient } from './query-client';
import { createRelayTransport } from './relay-transport';

/**
 * Which core the UI operates: this app's own (null) or an attached companion's (its id). The choice is
 * kept per browser profile, so a reload stays on the same core.
 */
const STORAGE_KEY = 'tidewatch.core';
const listeners = new Set<() => void>();

function readSelection(): number | null {
  return companionIdOf(globalThis.localStorage?.getItem(STORAGE_KEY));
}

export const coreSelection = {
  get: readSelection,
  set(companionId: number | null) {
    if (companionId === null) globalThis.localStorage?.removeItem(STORAGE_KEY);
    else globalThis.localStorage?.setItem(STORAGE_KEY, String(companionId));
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSelectedCore(): number | null {
  return useSyncExternalStore(coreSelection.subscribe, coreSelection.get);
}

interface CoreScope {
  connection: ApiConnection;
  queryClient: QueryClient;
}

const LocalCoreContext = createContext<CoreScope | null>(null);

/**
 * Below this, every page talks to the selected core: its own query cache (ids and data of two cores never
 * mix) and its own event sync. Switching remounts the pages, so no page holds an id of the other core.
 */
export function CoreSwitchProvider({
  queryClient,
  children,
}: {
  queryClient: QueryClient;
  children: ReactNode;
}) {
  const local = useApiConnection();
  const selected = useSelectedCore();
  const localScope = useMemo(() => ({ connection: local, queryClient }), [local, queryClient]);
  const remote = useRemoteScope(local, selected);
  const active = remote ?? localScope;
  return (
    <LocalCoreContext.Provider value={localScope}>
      <ApiProvider connection={active.connection}>
        <QueryClientProvider client={active.queryClient}>
          {remote && <RemoteEventSync />}
          <Fragment key={selected ?? 'local'}>{children}</Fragment>
        </QueryClientProvider>
      </ApiProvider>
    </LocalCoreContext.Provider>
  );
}

function RemoteEventSync() {
  useEventSync();
  return null;
}

/**
 * One relayed connection and query cache per companion, kept while the page lives (switching back is
 * instant). The link's state, reported by the local core, shows as the relayed connection's state.
 */
class RemoteScopes {
  private readonly scopes = new Map<number, CoreScope>();

  constructor(private readonly local: ApiConnection) {}

  get(companionId: number): CoreScope {
    let scope = this.scopes.get(companionId);
    if (!scope) {
      scope = {
        connection: {
          client: createClient(createRelayTransport(this.local.client, companionId)),
          status: createConnectionStatusStore({ state: 'open' }),
          kind: this.local.kind,
          applyToken: () => false,
        },
        queryClient: createQueryClient(),
      };
      this.scopes.set(companionId, scope);
    }
    return scope;
  }

  /** Follows the links' states; returns the function that stops. */
  follow(): () => void {
    return this.local.client.on('companions.changed', (companion) => {
      const scope = this.scopes.get(companion.id);
      if (!scope) return;
      scope.connection.status.set({
        state: companion.state,
        ...(companion.reason ? { reason: companion.reason } : {}),
      });
      // Back after a drop: what changed meanwhile is fetched again.
      if (companion.state === 'open') void scope.queryClient.invalidateQueries();
    });
  }
}

function useRemoteScope(local: ApiConnection, companionId: number | null): CoreScope | null {
  const [scopes] = useState(() => new RemoteScopes(local));
  useEffect(() => scopes.follow(), [scopes]);
  return companionId === null ? null : scopes.get(companionId);
}

/** Always this app's own core, whichever core the pages operate: for the core switcher and the companions page. */
export function LocalCore({ children }: { children: ReactNode }) {
  const scope = useContext(LocalCoreContext);
  if (!scope) return <>{children}</>;
  return (
    <ApiProvider connection={scope.connection}>
      <QueryClientProvider client={scope.queryClient}>{children}</QueryClientProvider>
    </ApiProvider>
  );
}

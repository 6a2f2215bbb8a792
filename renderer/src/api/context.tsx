import type { TidewatchClient } from '@shared/rpc/client';
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiConnection } from './connection';
import type { ConnectionStatus } from './connection-status';

const ApiContext = createContext<ApiConnection | null>(null);

export function ApiProvider({ connection, children }: { connection: ApiConnection; children: ReactNode }) {
  return <ApiContext.Provider value={connection}>{children}</ApiContext.Provider>;
}

export function useApiConnection(): ApiConnection {
  const connection = useContext(ApiContext);
  if (!connection) throw new Error('useApiConnection needs an <ApiProvider> above it');
  return connection;
}

export function useClient(): TidewatchClient {
  return useApiConnection().client;
}

export function useConnectionStatus(): ConnectionStatus & { kind: ApiConnection['kind'] } {
  const { status, kind } = useApiConnection();
  const current = useSyncExternalStore(status.subscribe, status.get);
  return { ...current, kind };
}

/** Applies a pasted companion URL or token (browser mode); false when the text holds no token. */
export function useApplyToken(): (text: string) => boolean {
  return useApiConnection().applyToken;
}

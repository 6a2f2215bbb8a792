/** `unauthorized`: the companion refused this page's access token (or the page has none). */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why the connection is closed, in words for the user. */
  reason?: string;
}

/** A tiny external store so React can read the transport's status with useSyncExternalStore. */
export interface ConnectionStatusStore {
  get(): ConnectionStatus;
  set(status: ConnectionStatus): void;
  subscribe(listener: () => void): () => void;
}

export function createConnectionStatusStore(initial: ConnectionStatus): ConnectionStatusStore {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(status) {
      current = status;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { fail } from '@shared/rpc/envelope';
import type { PreloadBridge, Transport } from '@shared/rpc/transport';
import { createWebSocketTransport } from '@shared/rpc/ws-transport';
import { storeAccessToken, takeAccessToken, tokenFromText } from './access-token';
import { createConnectionStatusStore, type ConnectionStatusStore } from './connection-status';
import { createIpcTransport } from './ipc-transport';

declare global {
  interface Window {
    /** Exposed by the preload in the desktop app; absent in a plain browser. */
    tidewatch?: PreloadBridge;
  }
}

export interface ApiConnection {
  client: TidewatchClient;
  status: ConnectionStatusStore;
  kind: 'ipc' | 'websocket';
  /** Takes a pasted companion URL or token and reconnects with it, without a page reload; false if unusable. */
  applyToken(text: string): boolean;
}

const NO_TOKEN_REASON = 'No access token: open the address the companion printed (it ends with #token=…).';

/** Desktop: the preload's IPC bridge. Browser: the companion's WebSocket API, authenticated by a token. */
export function createApiConnection(win: Window): ApiConnection {
  if (win.tidewatch) {
    return {
      client: createClient(createIpcTransport(win.tidewatch)),
      status: createConnectionStatusStore({ state: 'open' }),
      kind: 'ipc',
      applyToken: () => false,
    };
  }
  const token = takeAccessToken(win);
  const status = createConnectionStatusStore(
    token ? { state: 'connecting' } : { state: 'unauthorized', reason: NO_TOKEN_REASON },
  );
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  let transport: ReturnType<typeof createWebSocketTransport> | null = null;
  const open = (value: string) =>
    createWebSocketTransport({
      url: `${scheme}://${win.location.host}/api`,
      token: value,
      onStatus: (state, reason) => status.set({ state, reason }),
    });
  if (token) transport = open(token);
  // Calls made before a token exists answer at once; once one is pasted they go to the real transport.
  const routed: Transport = {
    invoke: (method, input) =>
      transport
        ? transport.invoke(method, input)
        : Promise.resolve(fail({ code: 'UNAUTHORIZED', message: NO_TOKEN_REASON })),
    listen: (listener) => {
      listeners.add(listener);
      const off = transport?.listen(listener);
      return () => {
        listeners.delete(listener);
        off?.();
      };
    },
    ready: () => {
      wantReady = true;
      transport?.ready();
    },
  };
  const listeners = new Set<Parameters<Transport['listen']>[0]>();
  let wantReady = false;
  return {
    client: createClient(routed),
    status,
    kind: 'websocket',
    applyToken(text) {
      const next = tokenFromText(text);
      if (!next) return false;
      storeAccessToken(win, next);
      if (transport) {
        transport.setToken(next);
      } else {
        status.set({ state: 'connecting' });
        transport = open(next);
        for (const listener of listeners) transport.listen(listener);
        if (wantReady) transport.ready();
      }
      return true;
    },
  };
}

import { createClient, type TidewatchClient } from '@shared/rpc/client';
import type { PreloadBridge } from '@shared/rpc/transport';
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
  // Without a token the transport waits for one (applyToken), exactly as after a refused token.
  const transport = createWebSocketTransport({
    url: `${scheme}://${win.location.host}/api`,
    token,
    onStatus: (state, reason) => status.set({ state, reason }),
  });
  return {
    client: createClient(transport),
    status,
    kind: 'websocket',
    applyToken(text) {
      const next = tokenFromText(text);
      if (!next) return false;
      storeAccessToken(win, next);
      transport.setToken(next);
      return true;
    },
  };
}

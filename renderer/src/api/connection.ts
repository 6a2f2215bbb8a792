import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { fail } from '@shared/rpc/envelope';
import type { PreloadBridge, Transport } from '@shared/rpc/transport';
import { createWebSocketTransport } from '@shared/rpc/ws-transport';
import { takeAccessToken } from './access-token';
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
}

const NO_TOKEN_REASON = 'No access token: open the address the companion printed (it ends with #token=…).';

/** Desktop: the preload's IPC bridge. Browser: the companion's WebSocket API, authenticated by a token. */
export function createApiConnection(win: Window): ApiConnection {
  if (win.tidewatch) {
    return {
      client: createClient(createIpcTransport(win.tidewatch)),
      status: createConnectionStatusStore({ state: 'open' }),
      kind: 'ipc',
    };
  }
  const token = takeAccessToken(win);
  if (!token) {
    return {
      client: createClient(unauthorizedTransport()),
      status: createConnectionStatusStore({ state: 'closed', reason: NO_TOKEN_REASON }),
      kind: 'websocket',
    };
  }
  const status = createConnectionStatusStore({ state: 'connecting' });
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = createWebSocketTransport({
    url: `${scheme}://${win.location.host}/api`,
    token,
    onStatus: (state, reason) => status.set({ state, reason }),
  });
  return { client: createClient(transport), status, kind: 'websocket' };
}

/** Without a token no call can succeed: answer at once instead of opening a socket doomed to be refused. */
function unauthorizedTransport(): Transport {
  return {
    invoke: async () => fail({ code: 'UNAUTHORIZED', message: NO_TOKEN_REASON }),
    listen: () => () => undefined,
    ready: () => undefined,
  };
}

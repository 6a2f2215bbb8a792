import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { clientFrameSchema, WS_CLOSE, type ClientFrame, type ServerFrame } from '@shared/rpc/ws-protocol';
import { fail } from '@shared/rpc/envelope';
import { EventOutbox } from '../events/event-outbox';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import type { Dispatcher } from './dispatcher';

export interface WsApiOptions {
  server: Server;
  path: string;
  token: string;
  dispatcher: Dispatcher;
  events: EventBus;
  logger: Logger;
  /** Browser origins allowed to connect (the companion's own page). Clients without Origin (tools) are allowed. */
  allowedOrigins: () => readonly string[];
  helloTimeoutMs?: number;
}

const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Serves the contract over WebSocket: the same dispatcher and events as IPC. A client must first send
 * `hello` with the token (compared in constant time); until then nothing is dispatched and no event leaks.
 */
export function attachWsApi(options: WsApiOptions): { close(): void; clients(): number } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isApiPath(request.url, options.path)) return;
    const origin = request.headers.origin;
    if (origin !== undefined && !options.allowedOrigins().includes(origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveConnection(ws, options));
  };
  options.server.on('upgrade', onUpgrade);
  return {
    close() {
      options.server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
    clients: () => wss.clients.size,
  };
}

function serveConnection(ws: WebSocket, options: WsApiOptions): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const outbox = new EventOutbox((event, payload) => send({ type: 'event', event, payload }));
  let stopEvents: (() => void) | null = null;
  const helloTimer = setTimeout(
    () => ws.close(WS_CLOSE.helloTimeout, 'hello expected'),
    options.helloTimeoutMs ?? 5000,
  );

  ws.on('message', (data) => {
    const frame = parseFrame(data);
    if (!frame) {
      ws.close(WS_CLOSE.badFrame, 'malformed frame');
      return;
    }
    if (!stopEvents) {
      clearTimeout(helloTimer);
      if (frame.type !== 'hello' || !tokensEqual(frame.token, options.token)) {
        ws.close(WS_CLOSE.badToken, 'bad token');
        return;
      }
      stopEvents = options.events.listen((event, payload) => outbox.push(event, payload));
      send({ type: 'welcome' });
      return;
    }
    if (frame.type === 'ready') outbox.ready();
    if (frame.type === 'invoke') void answer(frame, options, send);
  });
  ws.on('close', () => {
    clearTimeout(helloTimer);
    stopEvents?.();
  });
  ws.on('error', (error) => options.logger.warn('websocket client error', { error }));
}

async function answer(
  frame: Extract<ClientFrame, { type: 'invoke' }>,
  options: WsApiOptions,
  send: (frame: ServerFrame) => void,
): Promise<void> {
  try {
    const envelope = await options.dispatcher.dispatch(frame.method, frame.input, { transport: 'ws' });
    send({ type: 'result', id: frame.id, envelope });
  } catch (error) {
    // The dispatcher never throws; this guards the socket against a bug rather than an expected path.
    options.logger.error('websocket dispatch crashed', { error });
    send({ type: 'result', id: frame.id, envelope: fail({ code: 'INTERNAL', message: 'Internal error' }) });
  }
}

function parseFrame(data: RawData): ClientFrame | null {
  try {
    const parsed = clientFrameSchema.safeParse(JSON.parse(data.toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Hashing first gives equal-length buffers, so the comparison's time does not depend on the token. */
function tokensEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function isApiPath(url: string | undefined, path: string): boolean {
  return (url ?? '').split('?')[0] === path;
}

import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { clientFrameSchema, WS_CLOSE, type ClientFrame, type ServerFrame } from '@shared/rpc/ws-protocol';
import { fail } from '@shared/rpc/envelope';
import { EventOutbox } from '../events/event-outbox';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import type { Dispatcher } from './dispatcher';

export interface WsApiOptions {
  token: string;
  dispatcher: Dispatcher;
  events: EventBus;
  logger: Logger;
  helloTimeoutMs?: number;
  /** Overrides of the abuse limits below (tests use small ones). */
  limits?: Partial<WsLimits>;
}

export interface WsLimits {
  /** A frame larger than this closes the connection (ws answers 1009). */
  maxFrameBytes: number;
  /** Calls one connection may have unanswered at once; more answer RATE_LIMITED at once. */
  maxInFlight: number;
  /** Frames one connection may send per second before it is closed as abusive. */
  maxFramesPerSecond: number;
}

export const DEFAULT_WS_LIMITS: WsLimits = {
  maxFrameBytes: 1024 * 1024,
  maxInFlight: 64,
  maxFramesPerSecond: 500,
};

export interface WsApi {
  /** Takes over a socket whose upgrade the caller has already accepted (Host, Origin and path checked). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
  clients(): number;
}

/**
 * Serves the contract over WebSocket: the same dispatcher and events as IPC. A client must first send
 * `hello` with the token (compared in constant time); until then nothing is dispatched and no event leaks.
 * Deciding whether an upgrade is allowed is the HTTP server's job (one decision, one answer per socket);
 * this module only speaks the protocol on sockets it is handed.
 */
export function createWsApi(options: WsApiOptions): WsApi {
  const limits = { ...DEFAULT_WS_LIMITS, ...options.limits };
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
  wss.on('error', (error) => options.logger.warn('websocket server error', { error }));
  return {
    handleUpgrade(request, socket, head) {
      wss.handleUpgrade(request, socket, head, (ws) => serveConnection(ws, options, limits));
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
    clients: () => wss.clients.size,
  };
}

function serveConnection(ws: WebSocket, options: WsApiOptions, limits: WsLimits): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const outbox = new EventOutbox((event, payload, seq) => send({ type: 'event', event, payload, seq }));
  const rate = new FrameRate(limits.maxFramesPerSecond);
  let inFlight = 0;
  const connectionId = `ws:${randomUUID()}`;
  let stopEvents: (() => void) | null = null;
  const helloTimer = setTimeout(
    () => ws.close(WS_CLOSE.helloTimeout, 'hello expected'),
    options.helloTimeoutMs ?? 5000,
  );

  ws.on('message', (data) => {
    if (!rate.allow()) {
      ws.close(WS_CLOSE.tooManyFrames, 'too many frames');
      return;
    }
    const parsed = parseFrame(data);
    if (!stopEvents) {
      // Unauthenticated: a bad first frame ends the connection, nothing is explained.
      clearTimeout(helloTimer);
      if (!parsed.ok || parsed.frame.type !== 'hello' || !tokensEqual(parsed.frame.token, options.token)) {
        ws.close(
          parsed.ok ? WS_CLOSE.badToken : WS_CLOSE.badFrame,
          parsed.ok ? 'bad token' : 'malformed frame',
        );
        return;
      }
      stopEvents = options.events.listen((event, payload, seq, audience) => {
        if (audience === undefined || audience === connectionId) outbox.push(event, payload, seq);
      });
      send({ type: 'welcome' });
      return;
    }
    // Authenticated: a malformed frame is answered and the connection, with its calls in flight, stays.
    if (!parsed.ok) {
      if (parsed.id !== null)
        send({
          type: 'result',
          id: parsed.id,
          envelope: fail({ code: 'VALIDATION', message: parsed.reason }),
        });
      else send({ type: 'error', message: parsed.reason });
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'ready') outbox.ready();
    if (frame.type !== 'invoke') return;
    if (inFlight >= limits.maxInFlight) {
      const message = `Too many calls in flight on this connection (at most ${limits.maxInFlight}); retry when some have answered`;
      send({ type: 'result', id: frame.id, envelope: fail({ code: 'RATE_LIMITED', message }) });
      return;
    }
    inFlight += 1;
    void answer(frame, options, send, connectionId).finally(() => (inFlight -= 1));
  });
  ws.on('close', () => {
    clearTimeout(helloTimer);
    stopEvents?.();
    // What this connection owned (exec sessions) ends with it.
    options.dispatcher.connectionClosed(connectionId);
  });
  ws.on('error', (error) => options.logger.warn('websocket client error', { error }));
}

async function answer(
  frame: Extract<ClientFrame, { type: 'invoke' }>,
  options: WsApiOptions,
  send: (frame: ServerFrame) => void,
  connectionId: string,
): Promise<void> {
  try {
    const envelope = await options.dispatcher.dispatch(frame.method, frame.input, {
      transport: 'ws',
      connectionId,
    });
    send({ type: 'result', id: frame.id, envelope });
  } catch (error) {
    // The dispatcher never throws; this guards the socket against a bug rather than an expected path.
    options.logger.error('websocket dispatch crashed', { error });
    send({ type: 'result', id: frame.id, envelope: fail({ code: 'INTERNAL', message: 'Internal error' }) });
  }
}

type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; id: number | null; reason: string };

/** A frame, or why not, with the call id when one can be trusted so the caller's promise is answered. */
function parseFrame(data: RawData): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(rawText(data));
  } catch {
    return { ok: false, id: null, reason: 'Malformed frame: not JSON' };
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, id: usableId(json), reason: `Malformed frame: ${where}${issue?.message ?? 'invalid'}` };
}

function usableId(json: unknown): number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = json.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString();
  if (Buffer.isBuffer(data)) return data.toString();
  return Buffer.from(data).toString();
}

/** A one-second window counter: enough to tell a flood from a busy but honest client. */
class FrameRate {
  private windowStart = Date.now();
  private count = 0;
  constructor(private readonly perSecond: number) {}

  allow(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= this.perSecond;
  }
}

/** Hashing first gives equal-length buffers, so the comparison's time does not depend on the token. */
function tokensEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

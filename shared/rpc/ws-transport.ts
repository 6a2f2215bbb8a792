import { fail, type Envelope } from './envelope';
import type { EventListener, Transport } from './transport';
import { WS_CLOSE, type ServerFrame } from './ws-protocol';

export interface WsTransportOptions {
  url: string;
  /** null: no token yet; the transport waits for `setToken`, as it does after a refused one. */
  token: string | null;
  /** The WebSocket class: the browser's, or Node 22's global one. */
  WebSocketImpl?: typeof WebSocket;
  /** Reconnects after a drop with this delay (doubling, capped at 5 s); 0 disables reconnecting. */
  reconnectDelayMs?: number;
  /**
   * `unauthorized`: the server refused the token (a restarted companion with a new one, a stale bookmark).
   * The transport then waits for `setToken` instead of retrying a token that cannot work.
   */
  onStatus?: (status: 'connecting' | 'open' | 'closed' | 'unauthorized', reason?: string) => void;
  /**
   * The last event sequence number this client saw in an earlier run (a desktop attached to a companion
   * keeps it): the first connection then catches up on what came after it.
   */
  afterSeq?: number;
}

type Pending = (envelope: Envelope<unknown>) => void;

const RECONNECT_CAP_MS = 5_000;

/**
 * The WebSocket transport (browser mode, remote tools, tests). Calls made while connecting wait for the
 * connection; calls in flight when it drops answer UNAVAILABLE instead of hanging forever.
 */
export function createWebSocketTransport(
  options: WsTransportOptions,
): Transport & { close(): void; setToken(token: string): void } {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const listeners = new Set<EventListener>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let wantReady = false;
  let closedByUser = false;
  let delay = options.reconnectDelayMs ?? 500;
  let token = options.token ?? '';
  /** The server refused the token (or there is none): nothing is retried until `setToken`. */
  let refused = options.token === null;
  /** The last event sequence number seen: after a reconnect, events after it are asked for and replayed. */
  let lastSeq = options.afterSeq ?? 0;
  // Replayed and live events may interleave after a reconnect: each sequence number is delivered once.
  const seen = new Set<number>();
  const deliver = (event: string, payload: unknown, seq: number) => {
    if (seen.has(seq)) return;
    seen.add(seq);
    if (seen.size > 2000) seen.delete(seen.values().next().value as number);
    lastSeq = Math.max(lastSeq, seq);
    for (const listener of listeners) listener(event, payload, seq);
  };
  let opened: Promise<WebSocket>;

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      options.onStatus?.('connecting');
      const ws = new Impl(options.url);
      ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token }));
      ws.onmessage = (message) => {
        const frame = parseServerFrame(message.data);
        if (!frame) return;
        if (frame.type === 'welcome') {
          delay = options.reconnectDelayMs ?? 500;
          if (lastSeq > 0) {
            // Only what arrives from now on needs de-duplicating (replayed events overlap live ones).
            seen.clear();
            replayMissed(ws, lastSeq);
          }
          if (wantReady) ws.send(JSON.stringify({ type: 'ready' }));
          options.onStatus?.('open');
          resolve(ws);
        } else if (frame.type === 'result') {
          pending.get(frame.id)?.(frame.envelope as Envelope<unknown>);
          pending.delete(frame.id);
        } else if (frame.type === 'event') {
          deliver(frame.event, frame.payload, frame.seq);
        } else if (frame.type === 'error') {
          // The server could not read something we sent and could not tie it to a call: a client bug.
          console.warn(`Tidewatch server refused a frame: ${frame.message}`);
        }
      };
      ws.onclose = (event) => {
        const reason = event.reason || `connection closed (${event.code})`;
        refused = event.code === WS_CLOSE.badToken;
        for (const answer of pending.values())
          answer(
            fail({
              code: refused ? 'UNAUTHORIZED' : 'UNAVAILABLE',
              message: `Tidewatch core unreachable: ${reason}`,
            }),
          );
        pending.clear();
        options.onStatus?.(refused ? 'unauthorized' : 'closed', reason);
        reject(new Error(reason));
        if (!closedByUser && !refused && (options.reconnectDelayMs ?? 500) > 0) {
          setTimeout(() => {
            opened = connect();
            opened.catch(() => undefined);
          }, delay);
          // Capped low: a reconnect attempt is one cheap request, and a restarted companion should find its
          // open tabs back within seconds, not after a long back-off built up while it was down.
          delay = Math.min(delay * 2, RECONNECT_CAP_MS);
        }
      };
    });

  /** Asks for the events sent while this client was away and hands them to the listeners in order. */
  const replayMissed = (ws: WebSocket, after: number) => {
    const id = nextId++;
    pending.set(id, (envelope) => {
      if (!envelope.ok) return;
      const data = envelope.data as {
        events?: Array<{ seq: number; event: string; payload: unknown }>;
        missed?: boolean;
        latest?: number;
      };
      for (const entry of data.events ?? []) deliver(entry.event, entry.payload, entry.seq);
      // A restarted core numbers from 1 again: continue from its count, not ours.
      if (data.missed && typeof data.latest === 'number') lastSeq = data.latest;
    });
    ws.send(JSON.stringify({ type: 'invoke', id, method: 'events.since', input: { after } }));
  };

  opened = refused ? Promise.reject(new Error('no access token yet')) : connect();
  opened.catch(() => undefined);

  return {
    async invoke(method, input) {
      let ws: WebSocket;
      try {
        ws = await opened;
      } catch (error) {
        return fail({
          code: refused ? 'UNAUTHORIZED' : 'UNAVAILABLE',
          message: `Tidewatch core unreachable: ${(error as Error).message}`,
        });
      }
      const id = nextId++;
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'invoke', id, method, input }));
      });
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready() {
      wantReady = true;
      void opened.then((ws) => ws.send(JSON.stringify({ type: 'ready' }))).catch(() => undefined);
    },
    setToken(next) {
      token = next;
      if (!refused) return;
      // The old token was refused and nothing is retrying: connect now with the new one.
      refused = false;
      delay = options.reconnectDelayMs ?? 500;
      opened = connect();
      opened.catch(() => undefined);
    },
    close() {
      closedByUser = true;
      void opened.then((ws) => ws.close()).catch(() => undefined);
    },
  };
}

/** A server frame, or null for anything that is not one (a proxy's garbage must not break the transport). */
function parseServerFrame(data: unknown): ServerFrame | null {
  try {
    const frame = JSON.parse(String(data)) as unknown;
    return typeof frame === 'object' && frame !== null && 'type' in frame ? (frame as ServerFrame) : null;
  } catch {
    return null;
  }
}

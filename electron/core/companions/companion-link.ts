import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { createWebSocketTransport } from '@shared/rpc/ws-transport';
import type { Companion } from '@shared/schemas/companions';
import { sshWebSocketClass, type OpenStream } from './ssh-websocket';

type LinkState = Companion['state'];

export interface CompanionLinkOptions {
  port: number;
  token: string;
  open: OpenStream;
  /** Where the event stream continues from (0: from now on). */
  afterSeq: number;
  /** 0: one attempt only (checking a new companion); otherwise the transport's reconnect delay. */
  reconnectDelayMs: number;
  onState: (state: LinkState, reason: string | null) => void;
  onEvent: (seq: number, event: string, payload: unknown) => void;
}

/**
 * One attached companion: the contract's WebSocket transport over an SSH channel. The transport
 * reconnects by itself (sleep, network loss, a restarted companion) and asks for the events it missed.
 */
export class CompanionLink {
  readonly client: TidewatchClient;
  private readonly transport: ReturnType<typeof createWebSocketTransport>;

  constructor(options: CompanionLinkOptions) {
    this.transport = createWebSocketTransport({
      // Host 127.0.0.1:<port> is what the companion's upgrade gate expects: it is its own loopback.
      url: `ws://127.0.0.1:${options.port}/api`,
      token: options.token,
      WebSocketImpl: sshWebSocketClass(options.open),
      reconnectDelayMs: options.reconnectDelayMs,
      afterSeq: options.afterSeq,
      onStatus: (status, reason) => options.onState(status, status === 'open' ? null : (reason ?? null)),
    });
    this.transport.listen((event, payload, seq) => options.onEvent(seq ?? 0, event, payload));
    this.client = createClient(this.transport);
    this.transport.ready();
  }

  /** A call as the transport answers it: the envelope, an UNAVAILABLE one while the link is down. */
  invoke(method: string, input: unknown) {
    return this.transport.invoke(method, input);
  }

  close(): void {
    this.transport.close();
  }
}

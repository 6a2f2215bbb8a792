import type { ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket as NodeWebSocket } from 'ws';

/** Opens a byte stream to the companion's API (a direct-tcpip channel through the host's SSH connection). */
export type OpenStream = () => Promise<Duplex>;

/**
 * A WebSocket class (the browser API shape the contract's WebSocket transport expects) whose connection
 * is an SSH channel instead of a TCP socket: the transport, its reconnects and its catch-up are reused
 * as they are, only the bytes travel through SSH.
 */
export function sshWebSocketClass(open: OpenStream): typeof WebSocket {
  class SshWebSocket extends NodeWebSocket {
    constructor(url: string) {
      super(url, {
        perMessageDeflate: false,
        // http.request accepts an asynchronous createConnection (callback form): the channel opens first.
        createConnection: ((
          _options: ClientRequestArgs,
          callback: (error: Error | null, stream?: Duplex) => void,
        ) => {
          open().then(
            (stream) => {
              stream.on('error', () => undefined);
              callback(null, stream);
            },
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
          return undefined;
        }) as unknown as ClientRequestArgs['createConnection'],
      });
      // An error is always followed by a close, which the transport handles; without a listener it would throw.
      this.on('error', () => undefined);
    }
  }
  // The ws class implements the browser WebSocket API the transport uses (onopen, onmessage, send, close).
  return SshWebSocket as unknown as typeof WebSocket;
}

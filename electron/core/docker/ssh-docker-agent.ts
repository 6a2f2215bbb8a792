import { Agent, type AgentOptions, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { inspect } from 'node:util';

/** Opens one byte stream to the remote Docker API (an SSH channel). */
export type StreamOpener = () => Promise<Duplex>;

/**
 * An http.Agent whose "sockets" are SSH channels on the host's single SSH connection. keepAlive lets
 * dockerode reuse an open channel for the next call instead of opening a new one, so a call costs one
 * round trip over the existing connection.
 */
export class SshDockerAgent extends Agent {
  private opened = 0;

  constructor(
    private readonly openStream: StreamOpener,
    options: AgentOptions = {},
  ) {
    super({ keepAlive: true, ...options });
  }

  /** Channels this agent has opened so far (reused keep-alive channels are not counted again). */
  get channelsOpened(): number {
    return this.opened;
  }

  /**
   * docker-modem runs `util.inspect(options, { showHidden: true, depth: null })` on every request, eagerly,
   * even with its debug log off, and the options hold this agent. Inspected in full, the agent reaches its
   * pooled channels, the ssh2 Client and its config: ~200 KB of text (private key included) and ~5-7 ms per
   * Docker call, which was most of the tunnel's latency (0.8 ms raw HTTP vs 7.7 ms via dockerode). A short
   * summary keeps calls cheap and keeps key material out of DEBUG=modem output.
   */
  [inspect.custom](): string {
    return `SshDockerAgent { channelsOpened: ${this.opened} }`;
  }

  override createConnection(
    _options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    // Asynchronous creation: Node's Agent waits for the callback when nothing is returned.
    this.opened += 1;
    this.openStream().then(
      (stream) => callback?.(null, asSocket(stream)),
      (error: unknown) =>
        callback?.(error instanceof Error ? error : new Error(String(error)), undefined as never),
    );
    return undefined;
  }
}

/** Methods Node's HTTP client may call on a socket; an SSH channel is a plain Duplex without them. */
interface SocketShims {
  setTimeout(ms: number, callback?: () => void): Duplex;
  setNoDelay(noDelay?: boolean): Duplex;
  setKeepAlive(enable?: boolean, delay?: number): Duplex;
  ref(): Duplex;
  unref(): Duplex;
}

function asSocket(stream: Duplex): Duplex {
  const shim = stream as Duplex & Partial<SocketShims>;
  // Node's Agent (keepSocketAlive/reuseSocket) and HTTP client call these on every socket. TCP_NODELAY and
  // keep-alive belong to the SSH connection's own TCP socket, channels hold no event-loop ref, and no
  // per-channel timeout is used (dockerode gets none), so no-ops are correct here.
  shim.setTimeout ??= () => stream;
  shim.setNoDelay ??= () => stream;
  shim.setKeepAlive ??= () => stream;
  shim.ref ??= () => stream;
  shim.unref ??= () => stream;
  return stream;
}

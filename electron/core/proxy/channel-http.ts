import { request } from 'node:http';
import type { Duplex } from 'node:stream';

/** Opens one byte stream to the API (an SSH direct-tcpip channel from the host in production). */
export type OpenChannel = () => Promise<Duplex>;

export interface ChannelRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** The Host header: the address as the host sees it (`172.18.0.2:2019`). */
  host: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export interface ChannelResponse {
  status: number;
  text: string;
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  json: unknown;
}

/** Answers bigger than this are not an admin API talking: stop reading rather than fill memory. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * One HTTP request over a fresh channel (`connection: close`): node's http client speaks over the
 * channel as over a socket. Network failures reject with the cause's message; any HTTP status resolves,
 * the caller decides what it means.
 */
export function channelRequest(open: OpenChannel, req: ChannelRequest): Promise<ChannelResponse> {
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, response?: ChannelResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response as ChannelResponse);
    };
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish(new Error(`no answer within ${Math.round(req.timeoutMs / 1000)} s`));
    }, req.timeoutMs);
    const outgoing = request({
      method: req.method,
      path: req.path,
      headers: {
        host: req.host,
        connection: 'close',
        'user-agent': 'Tidewatch',
        accept: 'application/json',
        ...(payload === undefined
          ? {}
          : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
        ...req.headers,
      },
      createConnection: (_options, callback) => {
        open().then(
          (channel) => {
            // A channel that fails after the request settled must not become an unhandled 'error'.
            channel.on('error', () => undefined);
            callback(null, channel as never);
          },
          (error: unknown) => callback(asError(error), undefined as never),
        );
        return undefined as never;
      },
    });
    outgoing.on('error', (error) => finish(error));
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          incoming.destroy();
          finish(new Error('the answer is too large'));
        } else chunks.push(chunk);
      });
      incoming.on('error', (error) => finish(error));
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        finish(null, { status: incoming.statusCode ?? 0, text, json: parseJson(text) });
      });
    });
    outgoing.end(payload);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

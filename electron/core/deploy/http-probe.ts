import { request } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * One HTTP GET to a container's address through a channel the caller opens (an SSH direct-tcpip channel
 * to the container's IP on its host: nothing is published, nothing exposed). 2xx and 3xx pass.
 */
export interface ProbeResult {
  ok: boolean;
  detail: string;
  /** The proxy's `X-Tidewatch-Upstream` answer header (which upstream slot served), when present. */
  upstream: string | null;
}

export function probeHttp(
  openChannel: () => Promise<Duplex>,
  target: { host: string; port: number; path: string; hostHeader?: string },
  timeoutMs: number,
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const settle = (result: ProbeResult) => {
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      req.destroy();
      settle({
        ok: false,
        detail: `GET ${target.path}: no answer within ${timeoutMs / 1000} s`,
        upstream: null,
      });
    }, timeoutMs);
    const req = request({
      host: target.host,
      port: target.port,
      path: target.path,
      method: 'GET',
      headers: {
        'user-agent': 'Tidewatch health check',
        connection: 'close',
        ...(target.hostHeader ? { host: target.hostHeader } : {}),
      },
      // The channel is the connection: node's http client speaks over it as over a socket.
      createConnection: (_options, callback) => {
        openChannel().then(
          (channel) => callback(null, channel as never),
          (error: unknown) => callback(error as Error, undefined as never),
        );
        return undefined as never;
      },
    });
    req.on('response', (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      const upstream = response.headers['x-tidewatch-upstream'];
      settle({
        ok: status >= 200 && status < 400,
        detail: `GET ${target.path}: HTTP ${status}`,
        upstream: typeof upstream === 'string' ? upstream : null,
      });
    });
    req.on('error', (error) =>
      settle({ ok: false, detail: `GET ${target.path}: ${error.message}`, upstream: null }),
    );
    req.end();
  });
}

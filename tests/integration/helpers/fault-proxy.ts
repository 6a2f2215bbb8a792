// A loopback HTTP proxy in front of a lab registry that can answer 429 (with Retry-After) or 503 instead
// of forwarding, and counts what reaches it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultMode = 'pass' | 'rate-limit' | 'server-error';

export interface FaultProxy {
  /** 127.0.0.1:port */
  host: string;
  mode: FaultMode;
  requests: Array<{ method: string; path: string; answered: number }>;
  close(): Promise<void>;
}

const FORWARDED_HEADERS = [
  'content-type',
  'docker-content-digest',
  'link',
  'www-authenticate',
  'content-length',
];

export async function startFaultProxy(upstream: string, retryAfterSeconds = 120): Promise<FaultProxy> {
  const proxy = { mode: 'pass' as FaultMode, requests: [] as FaultProxy['requests'] };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    if (proxy.mode !== 'pass') {
      const status = proxy.mode === 'rate-limit' ? 429 : 503;
      proxy.requests.push({ method, path, answered: status });
      response.statusCode = status;
      if (status === 429) response.setHeader('retry-after', String(retryAfterSeconds));
      response.setHeader('ratelimit-remaining', '0;w=21600');
      response.end();
      return;
    }
    try {
      const headers: Record<string, string> = {};
      for (const name of ['accept', 'authorization']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstreamResponse = await fetch(`http://${upstream}${path}`, { method, headers });
      proxy.requests.push({ method, path, answered: upstreamResponse.status });
      response.statusCode = upstreamResponse.status;
      for (const name of FORWARDED_HEADERS) {
        const value = upstreamResponse.headers.get(name);
        if (value !== null) response.setHeader(name, value);
      }
      response.setHeader('ratelimit-remaining', '97;w=21600');
      response.end(Buffer.from(await upstreamResponse.arrayBuffer()));
    } catch {
      response.statusCode = 502;
      response.end();
    }
  };
  const server: Server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

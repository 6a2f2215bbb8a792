/**
 * HTTP over a caller-opened channel (in production an SSH direct-tcpip channel; here a TCP socket to a
 * loopback server): what the Caddy and NPM providers build on. Failures must come back as rejections with
 * a reason, never hang or crash.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { channelRequest } from '../../electron/core/proxy/channel-http';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<() => Promise<Duplex>> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return () =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
}

describe('channelRequest', () => {
  it('sends JSON with the Host given and answers status, text and parsed JSON', async () => {
    const seen: Array<{ method?: string; url?: string; host?: string; body: string }> = [];
    const open = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, host: req.headers.host, body });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    const answer = await channelRequest(open, {
      method: 'POST',
      path: '/config/apps',
      host: '172.18.0.2:2019',
      body: { a: [1, 'ü'] },
      timeoutMs: 10_000,
    });
    expect(answer).toEqual({ status: 201, text: '{"ok":true}', json: { ok: true } });
    expect(seen).toEqual([
      { method: 'POST', url: '/config/apps', host: '172.18.0.2:2019', body: '{"a":[1,"ü"]}' },
    ]);
  });

  it('answers any status and leaves json undefined for a body that is not JSON', async () => {
    const open = await serve((_req, res) => {
      res.writeHead(500);
      res.end('boom');
    });
    const answer = await channelRequest(open, { method: 'GET', path: '/', host: 'x', timeoutMs: 10_000 });
    expect(answer).toEqual({ status: 500, text: 'boom', json: undefined });
  });

  it('rejects with the reason when the channel cannot be opened', async () => {
    const open = () => Promise.reject(new Error('(SSH) Channel open failure: Connection refused'));
    await expect(
      channelRequest(open, { method: 'GET', path: '/', host: 'x', timeoutMs: 10_000 }),
    ).rejects.toThrow('Connection refused');
  });

  it('gives up on a server that never answers, after the time given', async () => {
    const open = await serve(() => undefined);
    await expect(
      channelRequest(open, { method: 'GET', path: '/', host: 'x', timeoutMs: 300 }),
    ).rejects.toThrow(/no answer within/);
  });

  it('rejects a connection cut before the answer', async () => {
    const open = await serve((req) => req.socket.destroy());
    await expect(
      channelRequest(open, { method: 'GET', path: '/', host: 'x', timeoutMs: 10_000 }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});

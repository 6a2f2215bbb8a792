// A local host's reach: TCP streams dialled from this machine and fixed commands run here, on a real
// loopback server and the real /bin/sh.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localReach } from '../../electron/core/connectivity/host-reach';

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.close();
});

describe('localReach', () => {
  it('dials an address from this machine and hands over a working stream', async () => {
    const stream = await localReach.dial('127.0.0.1', port);
    const echoed = new Promise<string>((resolve) =>
      stream.once('data', (chunk: Buffer) => resolve(String(chunk))),
    );
    stream.write('ping');
    expect(await echoed).toBe('ping');
    stream.destroy();
  });

  it('rejects when nothing listens there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(localReach.dial('127.0.0.1', free)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('runs a fixed command and keeps at most maxBytes of its output, with its exit code', async () => {
    expect(await localReach.run('echo hello; exit 3')).toEqual({ code: 3, stdout: 'hello\n' });
    const long = await localReach.run('head -c 5000 /dev/zero | tr "\\0" x', 100);
    expect(long).toEqual({ code: 0, stdout: 'x'.repeat(100) });
  });
});

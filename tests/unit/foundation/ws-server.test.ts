import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_CLOSE, type ServerFrame } from '@shared/rpc/ws-protocol';
import { createClient } from '@shared/rpc/client';
import { createWebSocketTransport } from '@shared/rpc/ws-transport';
import { createWsApi, type WsApi, type WsLimits } from '../../../electron/core/api/ws-server';
import { EventBus } from '../../../electron/core/events/event-bus';
import { silentLogger } from '../../../electron/core/logging/logger';
import { makeTestCore, type TestCore } from './test-core';

const TOKEN = 'test-token-0123456789abcdef';

/** A raw `ws` client that records frames and the close code, for checks below the typed client. */
function rawClient(url: string, options: WebSocket.ClientOptions = {}) {
  const socket = new WebSocket(url, options);
  const frames: ServerFrame[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as ServerFrame);
    for (const wake of waiters.splice(0)) wake();
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const send = (frame: unknown) => socket.send(JSON.stringify(frame));
  /** Resolves with the first frame matching `predicate`, whenever it arrives. */
  const next = (predicate: (frame: ServerFrame) => boolean) =>
    new Promise<ServerFrame>((resolve) => {
      const check = () => {
        const found = frames.find(predicate);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  return { socket, frames, opened, closed, send, next };
}

describe('WebSocket API', () => {
  let test: TestCore;
  let server: Server;
  let api: WsApi;
  let url: string;
  const serve = (helloTimeoutMs = 2000, limits: Partial<WsLimits> = {}) => {
    api = createWsApi({
      token: TOKEN,
      dispatcher: test.core.dispatcher,
      events: test.core.events,
      logger: silentLogger,
      helloTimeoutMs,
      limits,
    });
  };

  beforeEach(async () => {
    test = makeTestCore();
    server = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    url = `ws://127.0.0.1:${port}/api`;
    serve();
    // The companion decides on Host/Origin/path before this point (upgrade-gate); here every upgrade is served.
    server.on('upgrade', (request, socket, head) => api.handleUpgrade(request, socket, head));
  });
  afterEach(async () => {
    api.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await test.dispose();
  });

  it('closes with 4401 on a wrong token, before answering anything', async () => {
    const client = rawClient(url);
    await client.opened;
    client.send({ type: 'hello', token: 'wrong' });
    client.send({ type: 'invoke', id: 1, method: 'settings.get', input: null });
    expect(await client.closed).toBe(WS_CLOSE.badToken);
    expect(client.frames).toEqual([]);
  });

  it('closes with 4401 when the first frame is not hello', async () => {
    const client = rawClient(url);
    await client.opened;
    client.send({ type: 'invoke', id: 1, method: 'settings.get', input: null });
    expect(await client.closed).toBe(WS_CLOSE.badToken);
    expect(client.frames).toEqual([]);
  });

  it('closes with 4400 on a malformed frame before hello', async () => {
    const client = rawClient(url);
    await client.opened;
    client.socket.send('{not json');
    expect(await client.closed).toBe(WS_CLOSE.badFrame);
  });

  it('delivers no event before hello, and queues events after hello until ready', async () => {
    const client = rawClient(url);
    await client.opened;
    test.core.settings.update({ theme: 'dark' });
    client.send({ type: 'hello', token: TOKEN });
    await client.next((frame) => frame.type === 'welcome');
    test.core.settings.update({ theme: 'light' });
    // A round trip proves the server processed everything sent before it.
    client.send({ type: 'invoke', id: 1, method: 'app.info', input: null });
    await client.next((frame) => frame.type === 'result');
    expect(client.frames.filter((frame) => frame.type === 'event')).toEqual([]);
    client.send({ type: 'ready' });
    const event = await client.next((frame) => frame.type === 'event');
    expect(event).toMatchObject({ type: 'event', event: 'settings.changed', payload: { theme: 'light' } });
    // The update made before hello was never delivered.
    expect(client.frames.filter((frame) => frame.type === 'event')).toHaveLength(1);
    client.socket.close();
  });

  it('serves calls and events through the typed client over the shared WebSocket transport', async () => {
    const transport = createWebSocketTransport({ url, token: TOKEN, reconnectDelayMs: 0 });
    const client = createClient(transport);
    const themes: string[] = [];
    const changed = new Promise<void>((resolve) =>
      client.on('settings.changed', (settings) => {
        themes.push(settings.theme);
        resolve();
      }),
    );
    client.ready();
    expect((await client.call('app.info')).mode).toBe('test');
    await client.call('settings.update', { theme: 'dark' });
    await changed;
    expect(themes).toEqual(['dark']);
    await expect(client.call('settings.update', { theme: 'nope' as 'dark' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    transport.close();
  });

  it('a transport without a token, or with a refused one, answers UNAUTHORIZED until setToken connects it', async () => {
    const statuses: string[] = [];
    const transport = createWebSocketTransport({
      url,
      token: null,
      reconnectDelayMs: 50,
      onStatus: (state) => statuses.push(state),
    });
    const client = createClient(transport);
    // No connection is attempted without a token: the call is refused at once, not left waiting.
    await expect(client.call('app.info')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(statuses).toEqual([]);
    transport.setToken('wrong-token');
    await expect(client.call('app.info')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(statuses).toEqual(['connecting', 'unauthorized']);
    transport.setToken(TOKEN);
    expect((await client.call('app.info')).mode).toBe('test');
    expect(statuses).toEqual(['connecting', 'unauthorized', 'connecting', 'open']);
    transport.close();
  });

  it('closes a client that never says hello (4408)', async () => {
    api.close();
    serve(50);
    const client = rawClient(url);
    await client.opened;
    expect(await client.closed).toBe(WS_CLOSE.helloTimeout);
  });

  it('answers malformed frames after hello and keeps the connection and the calls in flight', async () => {
    const client = rawClient(url);
    await client.opened;
    client.send({ type: 'hello', token: TOKEN });
    await client.next((frame) => frame.type === 'welcome');
    client.send({ type: 'invoke', id: 1, method: 'app.info', input: null });
    client.socket.send('{not json');
    client.send({ type: 'invoke', id: -3, method: 'app.info' });
    client.send({ type: 'invoke', id: 'seven', method: 'app.info' });
    client.send({ type: 'invoke', id: 4, method: 'x'.repeat(5000) });
    client.send({ type: 'nonsense' });
    client.send({ type: 'invoke', id: 2, method: 'app.info', input: null });
    const second = await client.next((frame) => frame.type === 'result' && frame.id === 2);
    expect(second).toMatchObject({ envelope: { ok: true } });
    expect(client.frames.find((frame) => frame.type === 'result' && frame.id === 1)).toMatchObject({
      envelope: { ok: true },
    });
    expect(client.frames.find((frame) => frame.type === 'result' && frame.id === 4)).toMatchObject({
      envelope: { ok: false, error: { code: 'VALIDATION' } },
    });
    // Not JSON, a negative id, a string id, an unknown frame type: answered without an id.
    expect(client.frames.filter((frame) => frame.type === 'error')).toHaveLength(4);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
  });

  it('answers RATE_LIMITED beyond the in-flight cap and closes a connection that floods frames', async () => {
    api.close();
    serve(2000, { maxInFlight: 2, maxFramesPerSecond: 50 });
    const client = rawClient(url);
    await client.opened;
    client.send({ type: 'hello', token: TOKEN });
    await client.next((frame) => frame.type === 'welcome');
    for (let id = 1; id <= 5; id += 1) client.send({ type: 'invoke', id, method: 'app.info', input: null });
    await client.next((frame) => client.frames.filter((f) => f.type === 'result').length === 5 && !!frame);
    const limited = client.frames.filter(
      (frame) => frame.type === 'result' && JSON.stringify(frame.envelope).includes('RATE_LIMITED'),
    );
    expect(limited.length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 200; i += 1) client.send({ type: 'ready' });
    expect(await client.closed).toBe(WS_CLOSE.tooManyFrames);
  });

  it('numbers events and replays those a client missed while it was disconnected, each once', async () => {
    const transport = createWebSocketTransport({ url, token: TOKEN, reconnectDelayMs: 50 });
    const client = createClient(transport);
    const themes: string[] = [];
    client.on('settings.changed', (settings) => themes.push(settings.theme));
    client.ready();
    await client.call('settings.update', { theme: 'dark' });
    await expect.poll(() => themes).toEqual(['dark']);
    // The connection drops (the server side goes away); the core keeps emitting meanwhile.
    api.close();
    serve();
    test.core.settings.update({ theme: 'light' });
    test.core.settings.update({ theme: 'auto' });
    // The client reconnects by itself and receives what it missed, in order, and nothing twice.
    await expect.poll(() => themes, { timeout: 30_000 }).toEqual(['dark', 'light', 'auto']);
    await client.call('settings.update', { theme: 'dark' });
    await expect.poll(() => themes).toEqual(['dark', 'light', 'auto', 'dark']);
    transport.close();
  });

  it('says when events are no longer kept, or come from an earlier run of the core', () => {
    const bus = new EventBus(3);
    for (let i = 0; i < 5; i += 1) bus.emit('app.navigate', { path: `/p${i}` });
    expect(bus.since(3)).toMatchObject({ missed: false, latest: 5 });
    expect(bus.since(3).events.map((event) => event.seq)).toEqual([4, 5]);
    expect(bus.since(1).missed).toBe(true);
    expect(bus.since(9).missed).toBe(true);
  });
});

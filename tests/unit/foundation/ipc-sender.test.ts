import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '@shared/contract';
import type { Envelope } from '@shared/rpc/envelope';
import type { Dispatcher } from '../../../electron/core/api/dispatcher';
import { silentLogger } from '../../../electron/core/logging/logger';
import { registerIpc, type IpcEventLike, type IpcMainLike } from '../../../electron/main/ipc/register-ipc';
import { APP_ORIGIN } from '../../../electron/main/security/navigation';
import { makeTestCore } from './test-core';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** ipcMain without Electron: records the registered listeners so the test can call them as Electron would. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const listeners = new Map<string, Listener[]>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    on: (channel, listener) => void listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeHandler: (channel) => void handlers.delete(channel),
    removeAllListeners: (channel) => void listeners.delete(channel),
  };
  return { ipcMain, handlers, listeners };
}

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent }, sender: { id: 5 } });

const FOREIGN: Array<[string, IpcEventLike]> = [
  ['another origin', frame('https://evil.example/index.html')],
  ['a file:// page', frame('file:///home/user/page.html')],
  ['an app:// look-alike host', frame('app://tidewatch.evil/index.html')],
  ['an iframe inside our own page', frame(`${APP_ORIGIN}/index.html`, { url: `${APP_ORIGIN}/index.html` })],
  ['a missing frame', { senderFrame: null, sender: { id: 5 } }],
  ['a malformed url', frame('not a url at all')],
  ['an empty url', frame('')],
];

describe('registerIpc sender check', () => {
  it('serves calls from our own main frame', async () => {
    const test = makeTestCore();
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, {
      dispatcher: test.core.dispatcher,
      trustedOrigins: [APP_ORIGIN],
      onRendererReady: () => undefined,
      logger: silentLogger,
    });
    const invoke = handlers.get(IPC_CHANNELS.invoke);
    const envelope = (await invoke?.(
      frame(`${APP_ORIGIN}/index.html`),
      'settings.get',
      undefined,
    )) as Envelope<unknown>;
    expect(envelope.ok).toBe(true);
    await test.dispose();
  });

  it.each(FOREIGN)('refuses %s with FORBIDDEN before the dispatcher runs', async (_label, event) => {
    let dispatched = 0;
    const dispatcher: Dispatcher = {
      dispatch: async () => {
        dispatched += 1;
        return { ok: true, data: null };
      },
      connectionClosed: () => undefined,
    };
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, {
      dispatcher,
      trustedOrigins: [APP_ORIGIN],
      onRendererReady: () => undefined,
      logger: silentLogger,
    });
    const envelope = await handlers.get(IPC_CHANNELS.invoke)?.(event, 'settings.get', undefined);
    expect(envelope).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(dispatched).toBe(0);
  });

  it('accepts "ready" only from a trusted frame, and unregisters cleanly', () => {
    const ready: number[] = [];
    const { ipcMain, handlers, listeners } = fakeIpcMain();
    const stop = registerIpc(ipcMain, {
      dispatcher: { dispatch: async () => ({ ok: true, data: null }), connectionClosed: () => undefined },
      trustedOrigins: [APP_ORIGIN],
      onRendererReady: (id) => ready.push(id),
      logger: silentLogger,
    });
    const onReady = listeners.get(IPC_CHANNELS.ready)?.[0];
    for (const [, event] of FOREIGN) onReady?.(event);
    expect(ready).toEqual([]);
    onReady?.(frame(`${APP_ORIGIN}/index.html`));
    expect(ready).toEqual([5]);
    stop();
    expect(handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });
});

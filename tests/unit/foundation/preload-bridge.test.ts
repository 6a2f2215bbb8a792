import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, IPC_CHANNELS, METHOD_NAMES } from '@shared/contract';
import { createPreloadBridge, type IpcRendererLike } from '../../../electron/preload/bridge';

function fakeIpcRenderer() {
  const invoked: unknown[][] = [];
  const sent: unknown[][] = [];
  let eventListener: ((event: unknown, message: unknown) => void) | null = null;
  const ipc: IpcRendererLike = {
    invoke: async (...args) => {
      invoked.push(args);
      return { ok: true, data: 'answer' };
    },
    on: (channel, listener) => {
      expect(channel).toBe(IPC_CHANNELS.event);
      eventListener = listener;
    },
    send: (...args) => void sent.push(args),
  };
  return { ipc, invoked, sent, emit: (message: unknown) => eventListener?.(undefined, message) };
}

describe('preload bridge', () => {
  it('forwards contract methods on the invoke channel', async () => {
    const fake = fakeIpcRenderer();
    const bridge = createPreloadBridge(fake.ipc);
    const method = METHOD_NAMES[0] as string;
    expect(await bridge.invoke(method, { a: 1 })).toEqual({ ok: true, data: 'answer' });
    expect(fake.invoked).toEqual([[IPC_CHANNELS.invoke, method, { a: 1 }]]);
  });

  it.each(['nope.nothing', '__proto__', 'constructor', '', 'tidewatch:invoke'])(
    'refuses %j before touching IPC',
    async (name) => {
      const fake = fakeIpcRenderer();
      const envelope = await createPreloadBridge(fake.ipc).invoke(name, {});
      expect(envelope).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      expect(fake.invoked).toEqual([]);
    },
  );

  it('fans one event channel out to subscribers of contract events only', () => {
    const fake = fakeIpcRenderer();
    const bridge = createPreloadBridge(fake.ipc);
    const event = EVENT_NAMES[0] as string;
    const seen: unknown[] = [];
    const stop = bridge.subscribe(event, (payload) => seen.push(payload));
    fake.emit({ event, payload: 1 });
    fake.emit({ event: 'not.an.event', payload: 2 });
    fake.emit(null);
    fake.emit('garbage');
    stop();
    fake.emit({ event, payload: 3 });
    expect(seen).toEqual([1]);
    expect(() => bridge.subscribe('not.an.event', () => undefined)).toThrow(/Unknown event/);
    expect(() => bridge.subscribe('__proto__', () => undefined)).toThrow(/Unknown event/);
  });

  it('signals ready on the ready channel', () => {
    const fake = fakeIpcRenderer();
    createPreloadBridge(fake.ipc).ready();
    expect(fake.sent).toEqual([[IPC_CHANNELS.ready]]);
  });

  it('exposes exactly invoke, subscribe and ready', () => {
    expect(Object.keys(createPreloadBridge(fakeIpcRenderer().ipc)).sort()).toEqual([
      'invoke',
      'ready',
      'subscribe',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '@shared/contract';
import { DEFAULT_SETTINGS } from '@shared/schemas/settings';
import { EventBus } from '../../../electron/core/events/event-bus';
import { EventOutbox } from '../../../electron/core/events/event-outbox';
import { EventBridge, type EventTarget } from '../../../electron/main/event-bridge';

describe('EventOutbox', () => {
  it('queues before ready and flushes in order after, then delivers directly', () => {
    const delivered: Array<[string, unknown]> = [];
    const outbox = new EventOutbox((event, payload) => delivered.push([event, payload]));
    outbox.push('a', 1);
    outbox.push('b', 2);
    outbox.push('c', 3);
    expect(delivered).toEqual([]);
    expect(outbox.pending).toBe(3);
    outbox.ready();
    expect(delivered).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    outbox.push('d', 4);
    expect(delivered.at(-1)).toEqual(['d', 4]);
    expect(outbox.pending).toBe(0);
  });

  it('queues again after reset (a reload) until the next ready', () => {
    const delivered: string[] = [];
    const outbox = new EventOutbox((event) => delivered.push(event));
    outbox.ready();
    outbox.reset();
    outbox.push('while-reloading', null);
    expect(delivered).toEqual([]);
    outbox.ready();
    expect(delivered).toEqual(['while-reloading']);
  });

  it('bounds the queue, dropping the oldest and counting them', () => {
    const delivered: unknown[] = [];
    const outbox = new EventOutbox((_event, payload) => delivered.push(payload), 3);
    for (let index = 1; index <= 5; index += 1) outbox.push('n', index);
    expect(outbox.dropped).toBe(2);
    outbox.ready();
    expect(delivered).toEqual([3, 4, 5]);
  });
});

/** A webContents stand-in: records what it was sent and lets the test fire its events. */
function fakeContents(id: number) {
  const handlers = new Map<string, Array<(details?: unknown) => void>>();
  const sent: unknown[] = [];
  let destroyed = false;
  const contents: EventTarget = {
    id,
    send: (channel, message) => sent.push({ channel, message }),
    isDestroyed: () => destroyed,
    on: ((event: string, listener: (details?: unknown) => void) => {
      handlers.set(event, [...(handlers.get(event) ?? []), listener]);
      return contents;
    }) as EventTarget['on'],
  };
  const fire = (event: string, details?: unknown) => {
    for (const handler of handlers.get(event) ?? []) handler(details);
  };
  return {
    contents,
    sent,
    fire,
    destroy() {
      destroyed = true;
      fire('destroyed');
    },
  };
}

describe('EventBridge (core events → each window)', () => {
  const payload = (theme: 'dark' | 'light') => ({ ...DEFAULT_SETTINGS, theme });

  it('delivers to a window only after its renderer is ready, on the one event channel', () => {
    const bus = new EventBus();
    const bridge = new EventBridge(bus);
    const window = fakeContents(7);
    bridge.attach(window.contents);
    bus.emit('settings.changed', payload('dark'));
    expect(window.sent).toEqual([]);
    bridge.ready(7);
    expect(window.sent).toEqual([
      { channel: IPC_CHANNELS.event, message: { event: 'settings.changed', payload: payload('dark') } },
    ]);
  });

  it('queues again while the window reloads, ignoring in-page and subframe navigations', () => {
    const bus = new EventBus();
    const bridge = new EventBridge(bus);
    const window = fakeContents(1);
    bridge.attach(window.contents);
    bridge.ready(1);
    window.fire('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    window.fire('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    bus.emit('settings.changed', payload('dark'));
    expect(window.sent).toHaveLength(1);
    window.fire('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    bus.emit('settings.changed', payload('light'));
    expect(window.sent).toHaveLength(1);
    bridge.ready(1);
    expect(window.sent).toHaveLength(2);
  });

  it('stops listening when the window is destroyed, and keeps windows apart', () => {
    const bus = new EventBus();
    const bridge = new EventBridge(bus);
    const first = fakeContents(1);
    const second = fakeContents(2);
    bridge.attach(first.contents);
    bridge.attach(second.contents);
    bridge.ready(2);
    first.destroy();
    bus.emit('settings.changed', payload('dark'));
    bridge.ready(1);
    expect(first.sent).toEqual([]);
    expect(second.sent).toHaveLength(1);
  });
});

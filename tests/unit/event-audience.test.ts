/** Events meant for one connection (a shell's output) reach only that connection and are not replayed. */
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../electron/core/api/dispatcher';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { RelayedStreamOwners } from '../../electron/core/companions/relayed-streams';
import { EventBus } from '../../electron/core/events/event-bus';
import { silentLogger } from '../../electron/core/logging/logger';

/** A connection to the bus; its id (internal to the transport) is learned from a call's context. */
async function connect(bus: EventBus) {
  let id = '';
  const handlers = {
    'app.info': (_input: unknown, context: { connectionId?: string }) => {
      id = context.connectionId ?? '';
      return {};
    },
  } as unknown as Handlers;
  const transport = createMemoryTransport(createDispatcher(handlers, silentLogger), bus);
  await transport.invoke('app.info', undefined);
  const seen: string[] = [];
  transport.listen((event) => seen.push(event));
  transport.ready?.();
  return { transport, seen, id };
}

describe('targeted events', () => {
  it('reach only their connection, and events.since does not hand them to anyone', async () => {
    const bus = new EventBus();
    const [a, b] = [await connect(bus), await connect(bus)];
    expect(a.id).toMatch(/^memory:/);
    expect(b.id).not.toBe(a.id);

    bus.emit('exec.output', { sessionId: 's1', data: 'aGk=' }, a.id);
    bus.emit('settings.changed', {} as never);
    await new Promise((resolve) => setImmediate(resolve));
    expect(a.seen).toEqual(['exec.output', 'settings.changed']);
    expect(b.seen).toEqual(['settings.changed']);
    const replay = bus.since(0);
    expect(replay.events.map((entry) => entry.event)).toEqual(['settings.changed']);
    // Sequence numbers stay unique across both kinds.
    expect(replay.events[0]?.seq).toBe(2);
    a.transport.close();
    b.transport.close();
  });
});

describe('shells and log streams opened on a companion through the relay', () => {
  it('belong to the local connection that opened them', () => {
    const owners = new RelayedStreamOwners();
    owners.answered(7, 'exec.start', { sessionId: 'x1' }, 'ws:a');
    expect(() => owners.checkCall(7, 'exec.input', { sessionId: 'x1', data: 'ls\n' }, 'ws:a')).not.toThrow();
    expect(() => owners.checkCall(7, 'exec.input', { sessionId: 'x1', data: 'ls\n' }, 'ws:b')).toThrow(
      'No such exec session',
    );
    // The same session id on another companion is another session.
    expect(() => owners.checkCall(8, 'exec.close', { sessionId: 'x1' }, 'ws:a')).toThrow();
    expect(() => owners.checkCall(7, 'hosts.list', undefined, 'ws:b')).not.toThrow();

    expect(owners.audienceOf(7, 'exec.output', { sessionId: 'x1', data: '' })).toBe('ws:a');
    expect(owners.audienceOf(7, 'exec.output', { sessionId: 'other', data: '' })).toBeNull();
    expect(owners.audienceOf(7, 'hosts.state', { hostId: 'h' })).toBeUndefined();
    expect(owners.audienceOf(7, 'exec.end', { sessionId: 'x1' })).toBe('ws:a');
    // Ended: forgotten.
    expect(owners.audienceOf(7, 'exec.output', { sessionId: 'x1', data: '' })).toBeNull();
  });

  it('are handed back for closing when their connection goes, and forgotten with their companion', () => {
    const owners = new RelayedStreamOwners();
    owners.answered(1, 'exec.start', { sessionId: 'a:b' }, 'ipc:3');
    owners.answered(2, 'exec.start', { sessionId: 'c' }, 'ipc:3');
    owners.answered(2, 'exec.start', { sessionId: 'd' }, 'ipc:4');
    owners.answered(2, 'containers.logs.start', { streamId: 'log-1' }, 'ipc:3');
    expect(owners.releaseOwner('ipc:3')).toEqual([
      { companionId: 1, method: 'exec.close', input: { sessionId: 'a:b' } },
      { companionId: 2, method: 'exec.close', input: { sessionId: 'c' } },
      { companionId: 2, method: 'containers.logs.stop', input: { streamId: 'log-1' } },
    ]);
    expect(owners.releaseOwner('ipc:3')).toEqual([]);
    owners.forgetCompanion(2);
    expect(owners.releaseOwner('ipc:4')).toEqual([]);
  });

  it('treat log streams like shells: their lines go to the opener only, and only it may stop them', () => {
    const owners = new RelayedStreamOwners();
    owners.answered(3, 'containers.logs.start', { streamId: 's9' }, 'ws:a');
    expect(owners.audienceOf(3, 'containers.logs', { streamId: 's9', stream: 'stdout', lines: [] })).toBe(
      'ws:a',
    );
    expect(() => owners.checkCall(3, 'containers.logs.stop', { streamId: 's9' }, 'ws:b')).toThrow(
      'No such log stream',
    );
    expect(() => owners.checkCall(3, 'containers.logs.stop', { streamId: 's9' }, 'ws:a')).not.toThrow();
    expect(owners.audienceOf(3, 'containers.logs.end', { streamId: 's9' })).toBe('ws:a');
    expect(
      owners.audienceOf(3, 'containers.logs', { streamId: 's9', stream: 'stdout', lines: [] }),
    ).toBeNull();
  });
});

import { randomUUID } from 'node:crypto';
import type { Envelope } from '@shared/rpc/envelope';
import type { EventListener, Transport } from '@shared/rpc/transport';
import { EventOutbox } from '../events/event-outbox';
import type { EventBus } from '../events/event-bus';
import type { Dispatcher } from './dispatcher';

/**
 * The in-memory transport: the same dispatcher and event path as IPC and WebSocket, without a process
 * boundary. Input is passed through a structured clone so tests see the same copying semantics.
 */
export function createMemoryTransport(
  dispatcher: Dispatcher,
  events: EventBus,
): Transport & { close(): void } {
  const listeners = new Set<EventListener>();
  const outbox = new EventOutbox((event, payload) => {
    for (const listener of listeners) listener(event, structuredClone(payload));
  });
  const connectionId = `memory:${randomUUID()}`;
  const stop = events.listen((event, payload, _seq, audience) => {
    if (audience === undefined || audience === connectionId) outbox.push(event, payload);
  });

  return {
    async invoke(method, input): Promise<Envelope<unknown>> {
      const envelope = await dispatcher.dispatch(method, structuredClone(input), {
        transport: 'memory',
        connectionId,
      });
      return structuredClone(envelope);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready() {
      outbox.ready();
    },
    close() {
      stop();
      dispatcher.connectionClosed(connectionId);
      listeners.clear();
    },
  };
}

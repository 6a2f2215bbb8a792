import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '@shared/contract';

export type AnyEventListener = (event: EventName, payload: unknown) => void;

/** The core's typed event bus: services emit contract events, transports forward them. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every window, WebSocket client and tray listener subscribes; that is not a leak.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', event, payload);
  }

  /** Listens to all events; returns the function that stops listening. */
  listen(listener: AnyEventListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.listen((name, payload) => {
      if (name === event) listener(payload as EventPayload<E>);
    });
  }
}

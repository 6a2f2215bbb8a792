import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '@shared/contract';

/**
 * `seq` numbers every event of this core run from 1, so a client can ask for what it missed. `audience`,
 * when set, is the one connection (CallContext.connectionId) the event is for: transports deliver it only
 * there (a shell's output belongs to the window that opened the shell).
 */
export type AnyEventListener = (event: EventName, payload: unknown, seq: number, audience?: string) => void;

export interface RecordedEvent {
  seq: number;
  event: EventName;
  payload: unknown;
}

/** Events kept for replay: enough for a laptop lid closed over a busy check, small in memory. */
const REPLAY_LIMIT = 1000;

/** The core's typed event bus: services emit contract events, transports forward them. */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private seq = 0;
  private readonly recent: RecordedEvent[] = [];

  constructor(private readonly replayLimit = REPLAY_LIMIT) {
    // Every window, WebSocket client and tray listener subscribes; that is not a leak.
    this.emitter.setMaxListeners(0);
  }

  /**
   * `audience` limits the event to one connection. Such events are not kept for replay either: `events.since`
   * answers anyone, and a connection that went away has lost what it owned anyway.
   */
  emit<E extends EventName>(event: E, payload: EventPayload<E>, audience?: string): void {
    this.seq += 1;
    if (audience === undefined) {
      this.recent.push({ seq: this.seq, event, payload });
      if (this.recent.length > this.replayLimit) this.recent.shift();
    }
    this.emitter.emit('event', event, payload, this.seq, audience);
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

  /**
   * The events after `after`, for a client that was away. `missed` is true when some are no longer kept
   * (or `after` comes from an earlier run of the core): the client must then refetch what it shows.
   */
  since(after: number): { events: RecordedEvent[]; missed: boolean; latest: number } {
    const oldest = this.recent[0]?.seq ?? this.seq + 1;
    const missed = after > this.seq || after < oldest - 1;
    return { events: this.recent.filter((entry) => entry.seq > after), missed, latest: this.seq };
  }
}

/** Where an outbox delivers once the other side is ready (a window's webContents, a WebSocket). */
export type EventSink = (event: string, payload: unknown, seq: number) => void;

/**
 * Holds events for one receiver until it says it is ready (a renderer that is still loading would drop
 * them), then delivers in order. The queue is bounded: a receiver that never gets ready must not grow
 * memory without end, so the oldest events go first and the count of dropped ones is kept.
 */
export class EventOutbox {
  private queue: Array<[string, unknown, number]> = [];
  private isReady = false;
  dropped = 0;

  constructor(
    private readonly sink: EventSink,
    private readonly limit = 1000,
  ) {}

  push(event: string, payload: unknown, seq = 0): void {
    if (this.isReady) {
      this.sink(event, payload, seq);
      return;
    }
    this.queue.push([event, payload, seq]);
    if (this.queue.length > this.limit) {
      this.queue.shift();
      this.dropped += 1;
    }
  }

  /** The receiver is ready: flush what waited, then deliver directly. */
  ready(): void {
    const waiting = this.queue;
    this.queue = [];
    this.isReady = true;
    for (const [event, payload, seq] of waiting) this.sink(event, payload, seq);
  }

  /** The receiver went away or reloads: queue again until it says ready anew. */
  reset(): void {
    this.isReady = false;
  }

  get pending(): number {
    return this.queue.length;
  }
}

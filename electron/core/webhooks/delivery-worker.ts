import type { WebhookDelivery } from '@shared/schemas/webhooks';
import { AppError } from '@shared/rpc/errors';
import type { Logger } from '../logging/logger';
import type { Clock } from '../util/clock';
import type { DeliveryRepository } from './delivery-repository';
import type { WorkItem } from './intake';

/** What handling one item did, for the delivery log. */
export interface WorkResult {
  state: 'done' | 'ignored' | 'failed';
  action: string;
}

export interface DeliveryWorkerDeps {
  deliveries: DeliveryRepository;
  handle: (item: WorkItem) => Promise<WorkResult>;
  /** A delivery's log entry changed. */
  emit: (delivery: WebhookDelivery) => void;
  clock: Clock;
  logger: Logger;
}

/**
 * Works the queue one delivery at a time, in arrival order, after the sender has its answer. The queue is
 * the delivery table itself, so deliveries accepted before a crash or restart are worked on the next start.
 */
export class DeliveryWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: DeliveryWorkerDeps) {}

  /** Starts working the queue unless it is being worked (then it looks again when done). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when the queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (const queued of this.deps.deliveries.queued()) {
      if (this.stopped) return;
      // Most work resolves without I/O (only microtasks): yield to the event loop between deliveries so
      // a burst being worked never holds up the listener's answers.
      await new Promise((resolve) => setImmediate(resolve));
      const result = await this.work(queued.payload);
      const delivery = this.deps.deliveries.finish(
        queued.id,
        result.state,
        result.action,
        this.deps.clock.now(),
      );
      this.deps.emit(delivery);
    }
  }

  private async work(payload: string): Promise<WorkResult> {
    let item: WorkItem;
    try {
      item = JSON.parse(payload) as WorkItem;
    } catch {
      return { state: 'failed', action: 'unreadable queue entry' };
    }
    try {
      return await this.deps.handle(item);
    } catch (error) {
      this.deps.logger.warn('webhook delivery failed', { error });
      // AppError messages are written for users; anything else may carry internals.
      const reason = error instanceof AppError ? error.message : 'internal error (see the log)';
      return { state: 'failed', action: reason };
    }
  }
}

import { IPC_CHANNELS } from '@shared/contract';
import type { EventBus } from '../core/events/event-bus';
import { EventOutbox } from '../core/events/event-outbox';
import { ipcConnectionId } from './ipc/register-ipc';

/** The parts of a WebContents the bridge uses, so it can be tested without Electron. */
export interface EventTarget {
  id: number;
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
  on(
    event: 'did-start-navigation',
    listener: (details: { isMainFrame: boolean; isSameDocument: boolean }) => void,
  ): unknown;
  on(event: 'destroyed', listener: () => void): unknown;
}

/**
 * Forwards core events to renderer windows on the one event channel. Each window has its own outbox: events
 * wait until that renderer says ready, and a reload (a new main-frame document) queues again until the
 * new page is ready, so a page never misses events it subscribed to while loading.
 */
export class EventBridge {
  private readonly outboxes = new Map<number, EventOutbox>();

  /**
   * `pageGone` is told when a renderer's page goes away (a reload or navigation to a new document, or the
   * webContents destroyed), so what that page owned in the core (exec sessions) is released.
   */
  constructor(
    private readonly events: EventBus,
    private readonly pageGone: (webContentsId: number) => void = () => undefined,
  ) {}

  attach(contents: EventTarget): void {
    const id = contents.id;
    const outbox = new EventOutbox((event, payload) => {
      if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.event, { event, payload });
    });
    this.outboxes.set(contents.id, outbox);
    const connectionId = ipcConnectionId(id);
    const stop = this.events.listen((event, payload, _seq, audience) => {
      if (audience === undefined || audience === connectionId) outbox.push(event, payload);
    });
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) {
        outbox.reset();
        this.pageGone(id);
      }
    });
    contents.on('destroyed', () => {
      stop();
      this.pageGone(id);
      this.outboxes.delete(contents.id);
    });
  }

  /** The renderer in this webContents finished loading and subscribed: deliver what waited. */
  ready(webContentsId: number): void {
    this.outboxes.get(webContentsId)?.ready();
  }
}

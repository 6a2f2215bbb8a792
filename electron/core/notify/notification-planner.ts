import type { UpdateEntry } from '@shared/schemas/updates';
import type { HostRef } from '../updates/container-source';
import { versionKey } from '../updates/evaluate';
import { describeUpdate } from './display';

/** Remembers which (host, container, version) was already announced. */
export interface NotifiedStore {
  has(key: string): boolean;
  add(key: string): void;
}

export class MemoryNotifiedStore implements NotifiedStore {
  private readonly keys = new Set<string>();
  has(key: string): boolean {
    return this.keys.has(key);
  }
  add(key: string): void {
    this.keys.add(key);
  }
}

/** One desktop notification; clicking it opens the Updates page filtered to the host. */
export interface PlannedNotification {
  hostId: string;
  title: string;
  body: string;
  items: UpdateEntry[];
  target: { page: 'updates'; hostId: string };
}

const LINES_SHOWN = 3;

export function notificationKey(entry: UpdateEntry): string {
  return `${entry.hostId}\n${entry.containerName}\n${versionKey(entry)}`;
}

/** Batches the detections of one host into one notification and never repeats a (container, version). */
export class NotificationPlanner {
  constructor(private readonly store: NotifiedStore = new MemoryNotifiedStore()) {}

  plan(host: HostRef, detected: readonly UpdateEntry[]): PlannedNotification | null {
    const fresh = detected.filter(
      (entry) => entry.status === 'new' && !this.store.has(notificationKey(entry)),
    );
    // The same image can show up twice (two containers): mention it once.
    if (fresh.length === 0) return null;
    for (const entry of fresh) this.store.add(notificationKey(entry));
    const lines = [...new Set(fresh.map(describeUpdate))];
    const shown = lines.slice(0, LINES_SHOWN).join(', ');
    const more = lines.length > LINES_SHOWN ? ` and ${lines.length - LINES_SHOWN} more` : '';
    const count = fresh.length;
    return {
      hostId: host.id,
      title: `${count} ${count === 1 ? 'update' : 'updates'} on ${host.name}`,
      body: `${shown}${more}`,
      items: fresh,
      target: { page: 'updates', hostId: host.id },
    };
  }
}

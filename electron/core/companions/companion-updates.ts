/**
 * The pending updates of each attached companion, for the desktop's tray, notifications and inbox
 * (`companions.updates`, announced by `companions.updatesChanged`): fetched through
 * the link when it opens and whenever the companion says its inbox changed, kept while the link is down
 * (the last known count beats none), dropped when the companion is detached.
 */
import type { CompanionUpdate } from '@shared/schemas/companions';
import type { UpdateEntry } from '@shared/schemas/updates';
import type { TidewatchClient } from '@shared/rpc/client';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import { NotificationPlanner } from '../notify/notification-planner';
import { buildTrayModel, type TrayModel } from '../notify/tray-model';

export interface CompanionTrayModel {
  companionId: number;
  companion: string;
  model: TrayModel;
}

/** A desktop notification for updates a companion found on one of its hosts (its `updates.detected`). */
export interface CompanionDetection {
  companionId: number;
  hostId: string;
  title: string;
  body: string;
}

export interface CompanionUpdatesDeps {
  events: EventBus;
  logger: Logger;
  /** The link's client; throws NOT_FOUND once the companion is detached. */
  client: (companionId: number) => TidewatchClient;
}

export class CompanionUpdates {
  private readonly models = new Map<number, CompanionTrayModel>();
  private readonly entries = new Map<number, CompanionUpdate[]>();
  private readonly changeListeners = new Set<() => void>();
  private readonly detectionListeners = new Set<(detection: CompanionDetection) => void>();
  private readonly hostNames = new Map<number, Map<string, string>>();
  private readonly stops: Array<() => void> = [];
  /** Batches per host and never repeats a (container, version), as for the desktop's own hosts. */
  private readonly planner = new NotificationPlanner();

  constructor(private readonly deps: CompanionUpdatesDeps) {
    this.stops.push(
      deps.events.on('companions.changed', (companion) => {
        if (companion.state === 'open') this.refresh(companion.id, companion.name);
      }),
      deps.events.on('companions.removed', ({ id }) => this.forget(id)),
      deps.events.on('companions.event', (relayed) => {
        if (relayed.event === 'updates.changed') this.refresh(relayed.companionId, relayed.companion);
        if (relayed.event === 'updates.detected')
          this.detected(relayed.companionId, relayed.companion, relayed.payload);
      }),
    );
  }

  /** Every companion's last known tray model, in attach order. */
  trayModels(): CompanionTrayModel[] {
    return [...this.models.values()];
  }

  /** Every companion's pending entries, marked with their origin, in attach order. */
  list(): CompanionUpdate[] {
    return [...this.entries.values()].flat();
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onDetected(listener: (detection: CompanionDetection) => void): () => void {
    this.detectionListeners.add(listener);
    return () => this.detectionListeners.delete(listener);
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private refresh(companionId: number, companion: string): void {
    void this.fetch(companionId, companion).catch((error: unknown) =>
      // A link that dropped meanwhile: the next open refreshes again.
      this.deps.logger.debug('companion updates not fetched', { companionId, error }),
    );
  }

  private async fetch(companionId: number, companion: string): Promise<void> {
    const client = this.deps.client(companionId);
    const [entries, hosts] = await Promise.all([
      client.call('updates.list', { status: 'new' }),
      client.call('hosts.list'),
    ]);
    const names = new Map(hosts.map((host) => [host.id, host.name]));
    this.hostNames.set(companionId, names);
    this.entries.set(
      companionId,
      entries.map((entry) => ({
        companionId,
        companion,
        hostName: names.get(entry.hostId) ?? entry.hostId,
        entry,
      })),
    );
    this.models.set(companionId, {
      companionId,
      companion,
      model: buildTrayModel(
        entries,
        hosts.map((host) => ({ id: host.id, name: host.name })),
      ),
    });
    this.changed(companionId);
  }

  private detected(companionId: number, companion: string, payload: unknown): void {
    // Checked against the contract by the relay before it was emitted.
    const { hostId, items } = payload as { hostId: string; items: UpdateEntry[] };
    const hostName = this.hostNames.get(companionId)?.get(hostId) ?? hostId;
    const planned = this.planner.plan({ id: hostId, name: `${companion} · ${hostName}` }, items);
    if (!planned) return;
    const detection = { companionId, hostId, title: planned.title, body: planned.body };
    for (const listener of this.detectionListeners) listener(detection);
  }

  private forget(companionId: number): void {
    this.hostNames.delete(companionId);
    this.entries.delete(companionId);
    if (this.models.delete(companionId)) this.changed(companionId);
  }

  private changed(companionId: number): void {
    this.deps.events.emit('companions.updatesChanged', { companionId });
    for (const listener of this.changeListeners) listener();
  }
}

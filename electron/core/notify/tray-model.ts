import type { UpdateEntry } from '@shared/schemas/updates';
import type { HostRef } from '../updates/container-source';

export interface TrayHostItem {
  hostId: string;
  hostName: string;
  pending: number;
  /** Set for a host of an attached companion: its page opens with that companion's core selected. */
  companionId?: number;
}

/** What the tray shows: a badge count, a tooltip and a menu line per host with pending updates. */
export interface TrayModel {
  pending: number;
  tooltip: string;
  hosts: TrayHostItem[];
}

/** Pending means "new": acknowledged, snoozed and ignored entries do not ask for attention. */
export function buildTrayModel(entries: readonly UpdateEntry[], hosts: readonly HostRef[]): TrayModel {
  const names = new Map(hosts.map((host) => [host.id, host.name]));
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.status === 'new') counts.set(entry.hostId, (counts.get(entry.hostId) ?? 0) + 1);
  }
  const items = [...counts.entries()]
    .map(([hostId, pending]) => ({ hostId, hostName: names.get(hostId) ?? hostId, pending }))
    .sort((a, b) => b.pending - a.pending || a.hostName.localeCompare(b.hostName));
  const pending = items.reduce((sum, item) => sum + item.pending, 0);
  return { pending, tooltip: tooltip(pending, items), hosts: items };
}

function tooltip(pending: number, items: TrayHostItem[]): string {
  if (pending === 0) return 'Tidewatch: no pending updates';
  const plural = pending === 1 ? 'update' : 'updates';
  const perHost = items
    .slice(0, 3)
    .map((item) => `${item.hostName}: ${item.pending}`)
    .join(', ');
  const more = items.length > 3 ? `, +${items.length - 3} hosts` : '';
  return `Tidewatch: ${pending} ${plural} pending (${perHost}${more})`;
}

/**
 * The desktop's own model with each attached companion's hosts added, named "<companion> · <host>" so the
 * origin is plain. The badge counts everything waiting, wherever it waits.
 */
export function withCompanionModels(
  local: TrayModel,
  companions: ReadonlyArray<{ companionId: number; companion: string; model: TrayModel }>,
): TrayModel {
  const remote = companions.flatMap(({ companionId, companion, model }) =>
    model.hosts.map((host) => ({ ...host, hostName: `${companion} · ${host.hostName}`, companionId })),
  );
  if (remote.length === 0) return local;
  const items = [...local.hosts, ...remote].sort(
    (a, b) => b.pending - a.pending || a.hostName.localeCompare(b.hostName),
  );
  const pending = items.reduce((sum, item) => sum + item.pending, 0);
  return { pending, tooltip: tooltip(pending, items), hosts: items };
}

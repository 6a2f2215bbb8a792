import type { DeployStartInput } from '@shared/schemas/deploys';
import type { UpdateEntry } from '@shared/schemas/updates';
import type { FleetRow } from './fleet-rows';

/** What "Update" does to a selection: who moves to the version the inbox offers, who pulls its own tag again. */
export interface UpdatePlan {
  items: DeployStartInput[];
  /** Containers with an inbox entry, moved to its tag (`web 1.2 → 1.3`). */
  offered: string[];
  /** Containers with no entry: redeployed at their own tag, which pulls it again. */
  sameTag: string[];
}

/**
 * One deploy per chosen container. An inbox entry the user ignored is not an offer; a snoozed one still is
 * (snoozing hides a reminder, it does not refuse the version).
 */
export function updatePlan(rows: readonly FleetRow[], entries: readonly UpdateEntry[]): UpdatePlan {
  const offers = new Map<string, UpdateEntry>();
  for (const entry of entries)
    if (entry.status !== 'ignored') offers.set(`${entry.hostId}/${entry.containerName}`, entry);
  const plan: UpdatePlan = { items: [], offered: [], sameTag: [] };
  for (const { hostName, container } of rows) {
    const offer = offers.get(`${container.hostId}/${container.name}`);
    plan.items.push({ hostId: container.hostId, containerName: container.name, tag: offer?.availableTag });
    if (offer) plan.offered.push(`${container.name} on ${hostName}: ${offerText(offer)}`);
    else plan.sameTag.push(`${container.name} on ${hostName}`);
  }
  return plan;
}

function offerText(offer: UpdateEntry): string {
  return offer.kind === 'digest'
    ? `${offer.availableTag} (new digest)`
    : `${offer.currentTag ?? '?'} → ${offer.availableTag}`;
}

/** `deploys.startMany` takes at most this many items a call. */
export const DEPLOYS_PER_CALL = 200;

/** The items in calls of at most DEPLOYS_PER_CALL. */
export function inCalls<T>(items: readonly T[], size = DEPLOYS_PER_CALL): T[][] {
  const calls: T[][] = [];
  for (let start = 0; start < items.length; start += size) calls.push(items.slice(start, start + size));
  return calls;
}

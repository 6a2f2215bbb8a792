/** What "Update" does to a selection in All containers: the inbox's offer, or the container's own tag again. */
import { describe, expect, it } from 'vitest';
import type { Container } from '@shared/schemas/containers';
import type { UpdateEntry } from '@shared/schemas/updates';
import { inCalls, updatePlan } from '../../renderer/src/features/fleet/fleet-bulk';
import type { FleetRow } from '../../renderer/src/features/fleet/fleet-rows';

function row(hostId: string, name: string): FleetRow {
  return {
    hostName: `${hostId}-name`,
    container: { hostId, id: `${hostId}-${name}`, name, image: `lab/${name}:1.0` } as Container,
  };
}

function entry(hostId: string, containerName: string, extra: Partial<UpdateEntry>): UpdateEntry {
  return {
    hostId,
    containerName,
    currentTag: '1.0',
    availableTag: '1.1',
    kind: 'minor',
    status: 'new',
    ...extra,
  } as UpdateEntry;
}

describe('updating a selection', () => {
  it('moves a container with an offer to its tag and redeploys the rest at their own tag', () => {
    const plan = updatePlan(
      [row('h1', 'web'), row('h1', 'db'), row('h2', 'web'), row('h2', 'cache')],
      [
        entry('h1', 'web', {}),
        entry('h2', 'web', { kind: 'digest', availableTag: '1.0' }),
        // The same name on another host is not an offer for this one.
        entry('h3', 'db', {}),
        // Ignored is a refusal of that version; snoozed is still an offer.
        entry('h2', 'cache', { status: 'ignored', availableTag: '9.0' }),
        entry('h1', 'db', { status: 'snoozed', availableTag: '2.0', kind: 'major' }),
      ],
    );
    expect(plan.items).toEqual([
      { hostId: 'h1', containerName: 'web', tag: '1.1' },
      { hostId: 'h1', containerName: 'db', tag: '2.0' },
      { hostId: 'h2', containerName: 'web', tag: '1.0' },
      { hostId: 'h2', containerName: 'cache', tag: undefined },
    ]);
    expect(plan.offered).toEqual([
      'web on h1-name: 1.0 → 1.1',
      'db on h1-name: 1.0 → 2.0',
      'web on h2-name: 1.0 (new digest)',
    ]);
    expect(plan.sameTag).toEqual(['cache on h2-name']);
  });

  it('splits a long selection into calls the contract accepts', () => {
    const calls = inCalls(Array.from({ length: 450 }, (_, index) => index));
    expect(calls.map((call) => call.length)).toEqual([200, 200, 50]);
    expect(calls.flat()).toEqual(Array.from({ length: 450 }, (_, index) => index));
    expect(inCalls([])).toEqual([]);
  });
});

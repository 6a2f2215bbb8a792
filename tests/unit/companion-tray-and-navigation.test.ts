/** Attached companions in the desktop's tray, and the `?core=` a tray line or notification click carries. */
import { describe, expect, it } from 'vitest';
import { buildTrayModel, withCompanionModels } from '../../electron/core/notify/tray-model';
import { trayMenuEntries, updatesPath } from '../../electron/main/tray-menu-model';
import { splitCoreParam } from '../../renderer/src/api/core-param';
import { entry } from './notify-helpers';

describe('the tray with companions', () => {
  const local = buildTrayModel([entry({ id: 1, hostId: 'h1' })], [{ id: 'h1', name: 'laptop-dev' }]);
  const server = buildTrayModel(
    [entry({ id: 2, hostId: 'r1' }), entry({ id: 3, hostId: 'r1', containerName: 'db' })],
    [{ id: 'r1', name: 'prod' }],
  );

  it('adds each companion’s hosts, named with their origin, to the count and the menu', () => {
    const model = withCompanionModels(local, [{ companionId: 7, companion: 'team server', model: server }]);
    expect(model.pending).toBe(3);
    expect(model.hosts).toEqual([
      { hostId: 'r1', hostName: 'team server · prod', pending: 2, companionId: 7 },
      { hostId: 'h1', hostName: 'laptop-dev', pending: 1 },
    ]);
    expect(model.tooltip).toBe('Tidewatch: 3 updates pending (team server · prod: 2, laptop-dev: 1)');
    const [first, second] = trayMenuEntries(model);
    expect(first).toMatchObject({ action: { kind: 'open-updates', hostId: 'r1', companionId: 7 } });
    expect(second).toMatchObject({ action: { kind: 'open-updates', hostId: 'h1' } });
    expect(second && 'action' in second && 'companionId' in second.action).toBe(false);
  });

  it('is the local model itself when no companion has anything pending', () => {
    expect(withCompanionModels(local, [])).toBe(local);
    const empty = buildTrayModel([], []);
    expect(withCompanionModels(local, [{ companionId: 7, companion: 'x', model: empty }])).toBe(local);
  });
});

describe('paths that name a core', () => {
  it('the shell adds ?core= for a companion’s host', () => {
    expect(updatesPath('r1', 7)).toBe('/updates?host=r1&core=7');
    expect(updatesPath(null, 7)).toBe('/updates?core=7');
    expect(updatesPath('h1')).toBe('/updates?host=h1');
  });

  it('the UI takes the core out of the path and keeps the rest', () => {
    expect(splitCoreParam('/updates?host=r1&core=7')).toEqual({ path: '/updates?host=r1', core: 7 });
    expect(splitCoreParam('/updates?core=7')).toEqual({ path: '/updates', core: 7 });
    expect(splitCoreParam('/workloads/3')).toEqual({ path: '/workloads/3', core: null });
    // Anything but a positive integer is the app's own core.
    expect(splitCoreParam('/updates?core=-1')).toEqual({ path: '/updates', core: null });
    expect(splitCoreParam('/updates?core=abc&host=h')).toEqual({ path: '/updates?host=h', core: null });
  });
});

import { describe, expect, it } from 'vitest';
import { NotificationPlanner } from '../../electron/core/notify/notification-planner';
import { buildTrayModel } from '../../electron/core/notify/tray-model';
import { entry } from './notify-helpers';

const hosts = [
  { id: 'h1', name: 'prod-1' },
  { id: 'h2', name: 'prod-2' },
];

describe('buildTrayModel', () => {
  it('counts only new entries, per host, busiest first', () => {
    const model = buildTrayModel(
      [
        entry({ id: 1 }),
        entry({ id: 2, hostId: 'h2' }),
        entry({ id: 3, hostId: 'h2', containerName: 'db' }),
        entry({ id: 4, status: 'acknowledged' }),
        entry({ id: 5, status: 'snoozed' }),
        entry({ id: 6, status: 'ignored' }),
        entry({ id: 7, hostId: 'gone' }),
      ],
      hosts,
    );
    expect(model.pending).toBe(4);
    expect(model.hosts).toEqual([
      { hostId: 'h2', hostName: 'prod-2', pending: 2 },
      { hostId: 'gone', hostName: 'gone', pending: 1 },
      { hostId: 'h1', hostName: 'prod-1', pending: 1 },
    ]);
    expect(model.tooltip).toBe('Tidewatch: 4 updates pending (prod-2: 2, gone: 1, prod-1: 1)');
  });

  it('says when nothing is pending', () => {
    expect(buildTrayModel([entry({ status: 'acknowledged' })], hosts)).toEqual({
      pending: 0,
      tooltip: 'Tidewatch: no pending updates',
      hosts: [],
    });
  });
});

describe('NotificationPlanner', () => {
  it('batches a host’s detections into one notification with a click target', () => {
    const planner = new NotificationPlanner();
    const plan = planner.plan(hosts[0]!, [
      entry({ id: 1 }),
      entry({
        id: 2,
        containerName: 'cache',
        repository: 'library/redis',
        currentTag: '7.0',
        availableTag: '7.2',
      }),
      entry({
        id: 3,
        containerName: 'app',
        kind: 'digest',
        availableTag: 'latest',
        availableDigest: 'sha256:x',
        registry: 'ghcr.io',
        repository: 'org/app',
      }),
      entry({
        id: 4,
        containerName: 'db',
        repository: 'library/postgres',
        currentTag: '15',
        availableTag: '16',
        kind: 'major',
      }),
    ]);
    expect(plan).toMatchObject({
      hostId: 'h1',
      title: '4 updates on prod-1',
      body: 'nginx 1.25 → 1.27, redis 7.0 → 7.2, org/app latest (new digest) and 1 more',
      target: { page: 'updates', hostId: 'h1' },
    });
    expect(plan?.items).toHaveLength(4);
  });

  it('never repeats the same (container, version), but announces a newer version', () => {
    const planner = new NotificationPlanner();
    expect(planner.plan(hosts[0]!, [entry()])?.title).toBe('1 update on prod-1');
    expect(planner.plan(hosts[0]!, [entry()])).toBeNull();
    expect(planner.plan(hosts[1]!, [entry({ hostId: 'h2' })])?.title).toBe('1 update on prod-2');
    expect(planner.plan(hosts[0]!, [entry({ availableTag: '1.28' })])?.body).toBe('nginx 1.25 → 1.28');
    expect(planner.plan(hosts[0]!, [entry({ availableTag: '1.29', status: 'snoozed' })])).toBeNull();
  });
});

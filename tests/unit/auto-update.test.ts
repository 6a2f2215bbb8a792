/**
 * Automatic updates: which policy applies (setting over label over off), which step a policy takes, the
 * maintenance window, and the auto-updater's decisions over a real core's API (setting, validation) and
 * over its own dependencies (what it would start, what it leaves, and why).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutoUpdateSetting } from '@shared/schemas/auto-update';
import type { Deploy, DeployStartInput } from '@shared/schemas/deploys';
import type { UpdateEntry } from '@shared/schemas/updates';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { allowedTag, effectivePolicy, windowOpen } from '../../electron/core/deploy/auto-update-policy';
import { AutoUpdater } from '../../electron/core/deploy/auto-updater';
import { silentLogger } from '../../electron/core/logging/logger';
import type { Timers } from '../../electron/core/util/timers';
import { makeTestCore, type TestCore } from './foundation/test-core';

const HOST = '11111111-1111-4111-8111-111111111111';

function entry(overrides: Partial<UpdateEntry> = {}): UpdateEntry {
  return {
    id: 1,
    hostId: HOST,
    containerId: 'c1',
    containerName: 'web',
    image: 'registry.example/app:1.2.0',
    registry: 'registry.example',
    repository: 'app',
    platform: 'linux/amd64',
    currentTag: '1.2.0',
    currentDigest: 'sha256:old',
    availableTag: '2.0.0',
    availableDigest: 'sha256:new',
    kind: 'major',
    steps: [
      { kind: 'patch', tag: '1.2.5' },
      { kind: 'minor', tag: '1.4.0' },
      { kind: 'major', tag: '2.0.0' },
    ],
    status: 'new',
    snoozedUntil: null,
    ignoredVersion: null,
    firstSeen: '2026-12-01T00:00:00.000Z',
    lastChecked: '2026-12-01T00:00:00.000Z',
    groupId: null,
    groupName: null,
    registryLink: 'https://registry.example',
    ...overrides,
  };
}

describe('which policy applies', () => {
  it('the UI setting wins over the label; no label means off; an unknown label value means off', () => {
    const labels = { 'tidewatch.update': 'minor', 'tidewatch.update.window': '* 2-4 * * *' };
    expect(effectivePolicy(null, labels)).toEqual({
      policy: 'minor',
      window: '* 2-4 * * *',
      source: 'label',
    });
    expect(effectivePolicy({ policy: 'off', window: null }, labels)).toEqual({
      policy: 'off',
      window: null,
      source: 'setting',
    });
    expect(effectivePolicy(null, {})).toMatchObject({ policy: 'off', source: 'default' });
    expect(effectivePolicy(null, { 'tidewatch.update': 'always' })).toMatchObject({ policy: 'off' });
    expect(effectivePolicy(null, { 'tidewatch.update': ' Patch ' })).toMatchObject({ policy: 'patch' });
  });

  it('takes the widest step the policy allows, and a new build of the same tag from digest up', () => {
    expect(allowedTag(entry(), 'patch')).toBe('1.2.5');
    expect(allowedTag(entry(), 'minor')).toBe('1.4.0');
    expect(allowedTag(entry(), 'major')).toBe('2.0.0');
    expect(allowedTag(entry(), 'digest')).toBeNull();
    expect(allowedTag(entry(), 'off')).toBeNull();
    const rebuild = entry({ kind: 'digest', availableTag: '1.2.0', steps: [] });
    expect(allowedTag(rebuild, 'digest')).toBe('1.2.0');
    expect(allowedTag(rebuild, 'off')).toBeNull();
    // Only a major step on offer: a minor policy takes nothing.
    expect(allowedTag(entry({ steps: [{ kind: 'major', tag: '2.0.0' }] }), 'minor')).toBeNull();
    expect(allowedTag(entry({ kind: 'patch', availableTag: '1.2.1', steps: [] }), 'patch')).toBe('1.2.1');
  });

  it('opens the window only in the minutes its cron expression names', () => {
    const at = (hh: number, mm: number, ss = 30) => new Date(2026, 11, 2, hh, mm, ss);
    expect(windowOpen(null, at(12, 0))).toBe(true);
    expect(windowOpen('* 2-4 * * *', at(2, 0))).toBe(true);
    expect(windowOpen('* 2-4 * * *', at(4, 59, 59))).toBe(true);
    expect(windowOpen('* 2-4 * * *', at(5, 0))).toBe(false);
    expect(windowOpen('* 2-4 * * *', at(1, 59))).toBe(false);
    expect(windowOpen('30 3 * * *', at(3, 30))).toBe(true);
    expect(windowOpen('30 3 * * *', at(3, 31))).toBe(false);
    // 2026-12-02 is a Wednesday (3).
    expect(windowOpen('* * * * 6,0', at(3, 0))).toBe(false);
    expect(windowOpen('* * * * 3', at(3, 0))).toBe(true);
    expect(windowOpen('not a cron', at(3, 0))).toBe(false);
  });
});

interface Harness {
  updater: AutoUpdater;
  started: DeployStartInput[];
  history: Deploy[];
  timers: Array<{ run: () => void; ms: number }>;
  setNow(date: Date): void;
}

function harness(options: {
  entries: UpdateEntry[];
  labels?: Record<string, Record<string, string>>;
  settings?: AutoUpdateSetting[];
  skipHost?: string | null;
}): Harness {
  let now = new Date(2026, 11, 2, 12, 0, 30);
  const started: DeployStartInput[] = [];
  const history: Deploy[] = [];
  const timers: Harness['timers'] = [];
  const fakeTimers: Timers = {
    setTimeout: (run, ms) => timers.push({ run, ms }),
    clearTimeout: () => undefined,
  };
  const updater = new AutoUpdater({
    entries: () => options.entries,
    labels: async () => new Map(Object.entries(options.labels ?? {})),
    setting: (hostId, name) =>
      options.settings?.find((one) => one.hostId === hostId && one.containerName === name) ?? null,
    deploy: async (input) => {
      started.push(input);
      return { id: started.length } as Deploy;
    },
    history: (_hostId, name) => history.filter((deploy) => deploy.containerName === name),
    skipHost: () => options.skipHost ?? null,
    clock: { now: () => now },
    timers: fakeTimers,
    logger: silentLogger,
  });
  return { updater, started, history, timers, setNow: (date) => (now = date) };
}

describe('the auto-updater', () => {
  it('starts what the label allows, with the health path from labels, and leaves the rest', async () => {
    const h = harness({
      entries: [
        entry(),
        entry({ id: 2, containerName: 'db' }),
        entry({ id: 3, containerName: 'cache', status: 'ignored' }),
      ],
      labels: {
        web: {
          'tidewatch.update': 'minor',
          'tidewatch.health.path': '/healthz',
          'tidewatch.health.port': '8080',
        },
        cache: { 'tidewatch.update': 'major' },
      },
    });
    const decisions = await h.updater.evaluate();
    expect(h.started).toEqual([
      { hostId: HOST, containerName: 'web', tag: '1.4.0', healthPath: '/healthz', healthPort: 8080 },
    ]);
    expect(decisions).toEqual([
      expect.objectContaining({ containerName: 'web', action: 'started', tag: '1.4.0' }),
      expect.objectContaining({
        containerName: 'db',
        action: 'skipped',
        reason: 'automatic updates are off for this container',
      }),
    ]);
  });

  it('a UI setting overrides the label, and a closed window waits for the next minute', async () => {
    const h = harness({
      entries: [entry()],
      labels: { web: { 'tidewatch.update': 'off' } },
      settings: [
        { hostId: HOST, containerName: 'web', policy: 'patch', window: '* 2-4 * * *', updatedAt: '' },
      ],
    });
    const [first] = await h.updater.evaluate();
    expect(first).toMatchObject({
      action: 'skipped',
      tag: '1.2.5',
      reason: 'waiting for the maintenance window (* 2-4 * * *)',
    });
    expect(h.started).toEqual([]);
    expect(h.timers).toHaveLength(1);
    expect(h.timers[0]?.ms).toBeGreaterThan(0);
    expect(h.timers[0]?.ms).toBeLessThanOrEqual(60_050);

    h.setNow(new Date(2026, 11, 2, 2, 0, 5));
    const [second] = await h.updater.evaluate();
    expect(second).toMatchObject({ action: 'started', tag: '1.2.5' });
    expect(h.started).toHaveLength(1);
  });

  it('does not try again an update that failed, nor one in progress or just done', async () => {
    const h = harness({ entries: [entry()], labels: { web: { 'tidewatch.update': 'major' } } });
    const deploy = (state: Deploy['state'], createdAt: string): Deploy =>
      ({
        id: 7,
        hostId: HOST,
        containerName: 'web',
        image: 'registry.example/app:2.0.0',
        state,
        reason: state === 'rolled-back' ? 'health check failed' : null,
        createdAt,
      }) as Deploy;
    // A failed attempt from before the entry appeared does not count.
    h.history.push(deploy('rolled-back', '2026-11-01T00:00:00.000Z'));
    expect((await h.updater.evaluate())[0]).toMatchObject({ action: 'started' });

    for (const [state, reason] of [
      ['rolled-back', 'the update to 2.0.0 failed (health check failed); it is not retried by itself'],
      ['running', 'deploy 7 to 2.0.0 is running'],
      ['done', 'deploy 7 put 2.0.0 in place; the next check closes the entry'],
    ] as const) {
      h.history.unshift(deploy(state, '2026-12-02T00:00:00.000Z'));
      expect((await h.updater.evaluate())[0]).toMatchObject({ action: 'skipped', reason });
    }
    expect(h.started).toHaveLength(1);
  });

  it('leaves a host the user disconnected alone, and says why', async () => {
    const h = harness({
      entries: [entry()],
      labels: { web: { 'tidewatch.update': 'major' } },
      skipHost: 'prod-1 is disconnected: connect it first',
    });
    expect(await h.updater.evaluate()).toEqual([
      expect.objectContaining({ action: 'skipped', reason: 'prod-1 is disconnected: connect it first' }),
    ]);
    expect(h.started).toEqual([]);
  });
});

describe('autoUpdate.* over the API', () => {
  let test: TestCore;
  let client: TidewatchClient;
  let hostId: string;

  beforeAll(async () => {
    test = makeTestCore();
    client = createClient(createMemoryTransport(test.core.dispatcher, test.core.events));
    client.ready();
    hostId = (
      await client.call('hosts.create', {
        name: 'policy-host',
        address: '127.0.0.1',
        user: 'ada',
        auth: { kind: 'agent' },
      })
    ).id;
  });
  afterAll(() => test.dispose());

  it('stores, lists and removes a per-container setting; refuses a window that is not cron', async () => {
    expect(
      await client.call('autoUpdate.set', {
        hostId,
        containerName: '/web',
        policy: 'minor',
        window: '* 2-4 * * *',
      }),
    ).toMatchObject({ hostId, containerName: 'web', policy: 'minor', window: '* 2-4 * * *' });
    expect(await client.call('autoUpdate.list', { hostId })).toEqual([
      expect.objectContaining({ containerName: 'web', policy: 'minor' }),
    ]);
    await expect(
      client.call('autoUpdate.set', { hostId, containerName: 'web', policy: 'patch', window: 'at night' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      client.call('autoUpdate.set', { hostId, containerName: 'web', policy: 'sometimes' as never }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    // The refused call changed nothing.
    expect((await client.call('autoUpdate.list'))[0]).toMatchObject({ policy: 'minor' });
    expect(await client.call('autoUpdate.set', { hostId, containerName: 'web', policy: null })).toBeNull();
    expect(await client.call('autoUpdate.list')).toEqual([]);
  });

  it('goes with its host', async () => {
    await client.call('autoUpdate.set', { hostId, containerName: 'web', policy: 'digest' });
    await client.call('hosts.remove', { hostId });
    expect(await client.call('autoUpdate.list')).toEqual([]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/rpc/errors';
import { EventBus } from '../../electron/core/events/event-bus';
import { openDatabase, type Db } from '../../electron/core/store/database';
import { GroupService } from '../../electron/core/updates/group-service';
import { InboxRepository, type InboxWrite } from '../../electron/core/updates/inbox-repository';
import { InboxService, type ContainerResult } from '../../electron/core/updates/inbox-service';

const d = (c: string) => `sha256:${c.repeat(64)}`;

function update(container: string, partial: Partial<InboxWrite> = {}): InboxWrite {
  return {
    hostId: 'h1',
    containerName: container,
    containerId: `${container}-id`,
    image: 'nginx:1.25',
    registry: 'docker.io',
    repository: 'library/nginx',
    platform: 'linux/amd64',
    currentTag: '1.25',
    currentDigest: d('a'),
    availableTag: '1.27',
    availableDigest: null,
    kind: 'minor',
    steps: '[]',
    ...partial,
  };
}

const result = (
  write: InboxWrite | null,
  containerName = write?.containerName ?? 'x',
  checked = true,
): ContainerResult => ({
  containerName,
  checked,
  update: write,
});

describe('InboxService', () => {
  let dir: string;
  let db: Db;
  let now: number;
  let events: EventBus;
  let inbox: InboxService;
  let changes: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tw-inbox-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    now = Date.parse('2026-03-01T10:00:00Z');
    events = new EventBus();
    changes = [];
    events.on('updates.changed', (payload) => changes.push(payload.reason));
    inbox = new InboxService(
      new InboxRepository(db),
      events,
      { now: () => new Date(now) },
      (r, repo) => `link:${r}/${repo}`,
    );
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const apply = (results: ContainerResult[], present = results.map((r) => r.containerName)) =>
    inbox.applyHostResults('h1', results, new Set(present));

  it('records a new update once and keeps first-seen on later checks', () => {
    const first = apply([result(update('web'))]);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      status: 'new',
      kind: 'minor',
      availableTag: '1.27',
      registryLink: 'link:docker.io/library/nginx',
    });
    now += 3_600_000;
    expect(apply([result(update('web'))])).toEqual([]);
    const [entry] = inbox.list(undefined);
    expect(entry?.firstSeen).toBe('2026-03-01T10:00:00.000Z');
    expect(entry?.lastChecked).toBe('2026-03-01T11:00:00.000Z');
  });

  it('un-acknowledges acknowledged entries only, and reads one entry by id', () => {
    const [web, api] = apply([result(update('web')), result(update('api'))]);
    inbox.acknowledge([web!.id]);
    inbox.ignoreVersion([api!.id]);
    expect(inbox.unacknowledge([web!.id, api!.id])).toBe(1);
    expect(inbox.get(web!.id).status).toBe('new');
    expect(inbox.get(api!.id).status).toBe('ignored');
    expect(() => inbox.get(999_999)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => inbox.unacknowledge([999_999])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('re-opens an acknowledged entry when a new digest or tag appears', () => {
    const [entry] = apply([
      result(update('web', { kind: 'digest', availableTag: '1.25', availableDigest: d('b') })),
    ]);
    inbox.acknowledge([entry!.id]);
    expect(
      apply([result(update('web', { kind: 'digest', availableTag: '1.25', availableDigest: d('b') }))]),
    ).toEqual([]);
    expect(inbox.list({ status: 'acknowledged' })).toHaveLength(1);
    const reopened = apply([
      result(update('web', { kind: 'digest', availableTag: '1.25', availableDigest: d('c') })),
    ]);
    expect(reopened).toHaveLength(1);
    expect(reopened[0]?.status).toBe('new');
    expect(changes).toContain('acknowledge');
  });

  it('keeps an ignored version silent, but a different version re-opens it', () => {
    const [entry] = apply([result(update('web'))]);
    inbox.ignoreVersion([entry!.id]);
    expect(apply([result(update('web'))])).toEqual([]);
    expect(inbox.list(undefined)[0]).toMatchObject({ status: 'ignored', ignoredVersion: '1.27' });
    const next = apply([result(update('web', { availableTag: '1.28' }))]);
    expect(next[0]).toMatchObject({ status: 'new', availableTag: '1.28', ignoredVersion: null });
  });

  it('snoozes for a duration, stays quiet meanwhile and wakes up by the clock', () => {
    const [entry] = apply([result(update('web'))]);
    inbox.snooze({ ids: [entry!.id], duration: '1d' });
    expect(inbox.list(undefined)[0]).toMatchObject({
      status: 'snoozed',
      snoozedUntil: '2026-03-02T10:00:00.000Z',
    });
    expect(apply([result(update('web', { availableTag: '1.28' }))])).toEqual([]);
    expect(inbox.list(undefined)[0]?.status).toBe('snoozed');
    now += 86_400_000;
    expect(inbox.list(undefined)[0]).toMatchObject({ status: 'new', snoozedUntil: null });
    expect(changes).toContain('expire');
  });

  it('restores a snoozed or ignored entry to new (the undo), forgetting the snooze and the ignored version', () => {
    const [web, api] = apply([result(update('web')), result(update('api'))]);
    inbox.snooze({ ids: [web!.id], duration: '1w' });
    inbox.ignoreVersion([api!.id]);
    expect(inbox.restore([web!.id, api!.id])).toBe(2);
    expect(
      inbox.list(undefined).map((entry) => [entry.status, entry.snoozedUntil, entry.ignoredVersion]),
    ).toEqual([
      ['new', null, null],
      ['new', null, null],
    ]);
    expect(changes).toContain('restore');
    // The same version is no longer ignored: the next check keeps it new.
    apply([result(update('web')), result(update('api'))]);
    expect(inbox.list(undefined).find((entry) => entry.id === api!.id)?.status).toBe('new');
    expect(() => inbox.restore([99_999])).toThrow(/exist/);
  });

  it('refuses snoozes in the past and unknown ids', () => {
    const [entry] = apply([result(update('web'))]);
    expect(() => inbox.snooze({ ids: [entry!.id], until: '2020-01-01T00:00:00Z' })).toThrow(AppError);
    expect(() => inbox.acknowledge([999])).toThrow(/exist/);
  });

  it('removes entries of updated or vanished containers, keeps those whose check failed', () => {
    apply([result(update('a')), result(update('b')), result(update('c'))]);
    apply([result(null, 'a'), result(null, 'b', false)], ['a', 'b']);
    expect(inbox.list(undefined).map((entry) => entry.containerName)).toEqual(['b']);
  });

  it('filters by host, kind, status and group', () => {
    apply([
      result(update('web')),
      result(
        update('db', {
          kind: 'major',
          availableTag: '2.0',
          repository: 'library/postgres',
          image: 'postgres:1',
        }),
      ),
    ]);
    inbox.applyHostResults('h2', [result(update('web', { hostId: 'h2' }))], new Set(['web']));
    expect(inbox.list({ hostId: 'h2' })).toHaveLength(1);
    expect(inbox.list({ kind: 'major' }).map((e) => e.containerName)).toEqual(['db']);
    expect(inbox.list({ kind: ['major', 'minor'], status: 'new' })).toHaveLength(3);
    const groups = new GroupService(db, events, { now: () => new Date(now) });
    const production = groups.create('production');
    expect(() => groups.create('Production')).toThrow(/already exists/);
    expect(groups.assign(production.id, ['nginx:1.25'])).toBe(1);
    expect(inbox.list({ groupId: production.id }).map((e) => `${e.hostId}/${e.containerName}`)).toEqual([
      'h1/web',
      'h2/web',
    ]);
    expect(inbox.list({ groupId: production.id })[0]?.groupName).toBe('production');
    expect(groups.list()).toEqual([{ id: production.id, name: 'production', images: 1 }]);
    groups.assign(null, ['docker.io/library/nginx']);
    expect(inbox.list({ groupId: production.id })).toEqual([]);
    groups.remove(production.id);
    expect(groups.list()).toEqual([]);
  });
});

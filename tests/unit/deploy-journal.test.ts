import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeployJournal } from '../../electron/core/deploy/deploy-journal';
import { openDatabase, type Db } from '../../electron/core/store/database';

describe('deploy journal', () => {
  let dir: string;
  let db: Db;
  let journal: DeployJournal;
  let now = Date.parse('2026-12-03T10:00:00Z');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidewatch-journal-'));
    db = openDatabase(join(dir, 'tidewatch.db'));
    journal = new DeployJournal(db, { now: () => new Date((now += 1000)) });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records each step before it runs and ends the deploy with its outcome', () => {
    const id = journal.open('h1', 'web', 'reg/web:1.1.0');
    journal.advance(id, 'resolve');
    journal.set(id, { digest: `sha256:${'a'.repeat(64)}` });
    journal.advance(id, 'pull', 'locked');
    expect(journal.get(id)).toMatchObject({ state: 'running', step: 'pull' });
    journal.failStep(id, 'the tag moved');
    journal.advance(id, 'rollback');
    journal.finish(id, 'rolled-back');
    const deploy = journal.get(id);
    expect(deploy).toMatchObject({
      state: 'rolled-back',
      reason: 'the tag moved',
      digest: `sha256:${'a'.repeat(64)}`,
    });
    expect(deploy.finishedAt).not.toBeNull();
    expect(deploy.steps.map((step) => [step.step, step.state])).toEqual([
      ['lock', 'done'],
      ['resolve', 'done'],
      ['pull', 'failed'],
      ['rollback', 'done'],
    ]);
    expect(deploy.steps[1]?.detail).toBe('locked');
  });

  it('holds one running deploy per container: a second gets BUSY naming the first', () => {
    const first = journal.open('h1', 'web', 'reg/web:1.1.0');
    expect(() => journal.open('h1', 'web', 'reg/web:1.2.0')).toThrow(
      expect.objectContaining({ code: 'BUSY', message: expect.stringContaining(`deploy ${first}`) }),
    );
    // Other containers, and the same name on another host, are free.
    expect(journal.open('h1', 'db', 'reg/db:2')).toBeGreaterThan(first);
    expect(journal.open('h2', 'web', 'reg/web:1.1.0')).toBeGreaterThan(first);
    journal.finish(first, 'done');
    expect(journal.open('h1', 'web', 'reg/web:1.2.0')).toBeGreaterThan(first);
  });

  it('keeps the snapshot and what recovery needs on disk, and lists unfinished deploys', () => {
    const id = journal.open('h1', 'web', 'reg/web:1.1.0');
    const snapshot = {
      id: 'c'.repeat(64),
      name: 'web',
      image: 'reg/web:1.0.0',
      imageId: `sha256:${'b'.repeat(64)}`,
      running: true,
      config: { Env: ['A=1'] },
      networks: [{ name: 'bridge', aliases: [] }],
    };
    journal.set(id, { snapshot, newContainerId: 'n1', passedGate: true });
    const reopened = new DeployJournal(db, { now: () => new Date() });
    expect(reopened.unfinished('h1')).toEqual([
      expect.objectContaining({ snapshot, newContainerId: 'n1', passedGate: true }),
    ]);
    expect(reopened.unfinished('h2')).toEqual([]);
    expect(() => reopened.get(999)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

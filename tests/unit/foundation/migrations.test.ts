import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { MIGRATIONS } from '../../../electron/core/store/migrations';
import { runMigrations, type Migration } from '../../../electron/core/store/migrator';

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string;
    }>
  ).map((row) => row.name);
}

function recorded(db: Database.Database): number[] {
  return (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as Array<{ id: number }>).map(
    (row) => row.id,
  );
}

describe('migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidewatch-migrations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies every migration to a fresh database, in order, and records each', () => {
    const db = openDatabase(join(dir, 'fresh.db'));
    expect(recorded(db)).toEqual(MIGRATIONS.map((migration) => migration.id));
    expect(tables(db)).toContain('settings');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('is a no-op when run again (also after reopening the file)', () => {
    const file = join(dir, 'again.db');
    const db = openDatabase(file);
    const before = tables(db);
    expect(runMigrations(db, MIGRATIONS)).toEqual([]);
    db.close();
    const reopened = openDatabase(file);
    expect(runMigrations(reopened, MIGRATIONS)).toEqual([]);
    expect(tables(reopened)).toEqual(before);
    expect(recorded(reopened)).toEqual(MIGRATIONS.map((migration) => migration.id));
    reopened.close();
  });

  it('rolls a failing migration back: nothing recorded, no partial table, a message naming it', () => {
    const db = new Database(join(dir, 'failing.db'));
    const migrations: Migration[] = [
      {
        id: 1,
        name: 'first',
        up: (handle) => handle.exec('CREATE TABLE first_table (id INTEGER PRIMARY KEY)'),
      },
      {
        id: 2,
        name: 'half-done',
        up(handle) {
          handle.exec('CREATE TABLE partial_table (id INTEGER PRIMARY KEY)');
          handle.exec('INSERT INTO no_such_table VALUES (1)');
        },
      },
    ];
    expect(() => runMigrations(db, migrations)).toThrow(/Migration 2 \(half-done\) failed/);
    expect(tables(db)).not.toContain('partial_table');
    expect(tables(db)).not.toContain('first_table');
    expect(recorded(db)).toEqual([]);

    // Once fixed, the same database migrates cleanly.
    const fixed = [
      migrations[0] as Migration,
      {
        id: 2,
        name: 'half-done',
        up: (handle: Database.Database) => handle.exec('CREATE TABLE partial_table (id INTEGER)'),
      },
    ];
    expect(runMigrations(db, fixed)).toEqual([1, 2]);
    db.close();
  });

  it('refuses migrations listed out of order', () => {
    const db = new Database(':memory:');
    const noop = () => undefined;
    expect(() =>
      runMigrations(db, [
        { id: 2, name: 'b', up: noop },
        { id: 1, name: 'a', up: noop },
      ]),
    ).toThrow(/out of order/);
    db.close();
  });

  it('moves the update watch switches a user saved into settings (one place for settings)', () => {
    const db = new Database(join(dir, 'upgrade.db'));
    // A database as version 7 left it, with switches saved in the watch's own table.
    runMigrations(
      db,
      MIGRATIONS.filter((migration) => migration.id <= 7),
    );
    db.prepare('INSERT INTO update_settings (key, value) VALUES (?, ?)').run('includePrereleases', 'true');
    db.prepare('INSERT INTO update_settings (key, value) VALUES (?, ?)').run('desktopNotifications', 'false');
    db.prepare('INSERT INTO update_settings (key, value) VALUES (?, ?)').run('somethingElse', '1');
    expect(
      runMigrations(
        db,
        MIGRATIONS.filter((migration) => migration.id <= 8),
      ),
    ).toEqual([8]);
    const rows = db.prepare('SELECT key, value FROM settings ORDER BY key').all();
    expect(rows).toEqual([
      { key: 'desktopNotifications', value: 'false' },
      { key: 'includePrereleases', value: 'true' },
    ]);
    expect(tables(db)).not.toContain('update_settings');
    db.close();
  });
});

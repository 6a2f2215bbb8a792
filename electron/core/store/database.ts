import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { preparePrivateDir, preparePrivateFile } from '../fs/private-files';
import { runMigrations, type Migration } from './migrator';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

/**
 * Opens (or creates) the store: WAL so readers never wait for the poller's writes, foreign keys on,
 * and every pending migration applied before any service sees the database.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') {
    // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
    preparePrivateDir(dirname(file));
    preparePrivateFile(file);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (file !== ':memory:') {
    for (const companion of [`${file}-wal`, `${file}-shm`]) {
      if (existsSync(companion)) preparePrivateFile(companion);
    }
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  runMigrations(db, migrations);
  return db;
}

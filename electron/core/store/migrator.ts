import type Database from 'better-sqlite3';

export interface Migration {
  /** Numbered, forward-only: 1, 2, 3 … never reused, never edited once released. */
  id: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * Applies the migrations not yet recorded, in order, inside one transaction: if any fails, none is kept
 * and the error says which one.
 */
export function runMigrations(db: Database.Database, migrations: readonly Migration[]): number[] {
  assertOrdered(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    db
      .prepare('SELECT id FROM schema_migrations')
      .all()
      .map((row) => (row as { id: number }).id),
  );
  const pending = migrations.filter((migration) => !applied.has(migration.id));
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const migration of pending) {
      try {
        migration.up(db);
      } catch (error) {
        throw new Error(`Migration ${migration.id} (${migration.name}) failed: ${(error as Error).message}`);
      }
      record.run(migration.id, migration.name, new Date().toISOString());
    }
  })();
  return pending.map((migration) => migration.id);
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && migration.id <= previous.id) {
      throw new Error(`Migrations out of order: ${previous.id} before ${migration.id}`);
    }
  });
}

import type { Registry } from '@shared/schemas/registries';
import type { Db } from '../store/database';

interface RegistryRow {
  id: number;
  name: string;
  host: string;
  username: string | null;
  has_secret: number;
  insecure: number;
  created_at: string;
}

export interface RegistryFields {
  name: string;
  host: string;
  username: string | null;
  hasSecret: boolean;
  insecure: boolean;
}

/** Registry rows: everything but the password/token, which lives in the secret store. */
export class RegistryRepository {
  constructor(private readonly db: Db) {}

  list(): Registry[] {
    const rows = this.db
      .prepare('SELECT * FROM registries ORDER BY name COLLATE NOCASE, id')
      .all() as RegistryRow[];
    return rows.map(toRegistry);
  }

  get(id: number): Registry | null {
    const row = this.db.prepare('SELECT * FROM registries WHERE id = ?').get(id) as RegistryRow | undefined;
    return row ? toRegistry(row) : null;
  }

  byHost(host: string): Registry | null {
    const row = this.db.prepare('SELECT * FROM registries WHERE host = ?').get(host) as
      RegistryRow | undefined;
    return row ? toRegistry(row) : null;
  }

  insert(fields: RegistryFields, now: Date): Registry {
    const result = this.db
      .prepare(
        `INSERT INTO registries (name, host, username, has_secret, insecure, created_at)
         VALUES (@name, @host, @username, @hasSecret, @insecure, @createdAt)`,
      )
      .run({ ...flags(fields), createdAt: now.toISOString() });
    return this.get(Number(result.lastInsertRowid)) as Registry;
  }

  update(id: number, fields: RegistryFields): Registry {
    this.db
      .prepare(
        `UPDATE registries SET name = @name, host = @host, username = @username,
         has_secret = @hasSecret, insecure = @insecure WHERE id = @id`,
      )
      .run({ ...flags(fields), id });
    return this.get(id) as Registry;
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM registries WHERE id = ?').run(id).changes > 0;
  }
}

function flags(fields: RegistryFields) {
  return { ...fields, hasSecret: fields.hasSecret ? 1 : 0, insecure: fields.insecure ? 1 : 0 };
}

function toRegistry(row: RegistryRow): Registry {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    username: row.username,
    hasSecret: row.has_secret === 1,
    insecure: row.insecure === 1,
    createdAt: row.created_at,
  };
}

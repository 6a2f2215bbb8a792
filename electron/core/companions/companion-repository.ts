import type { Db } from '../store/database';
import type { Clock } from '../util/clock';

export interface CompanionRow {
  id: number;
  name: string;
  host_id: string;
  port: number;
  last_seq: number;
  created_at: string;
}

/** Companions this core attaches to (their tokens are in the secret store, never here). */
export class CompanionRepository {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  list(): CompanionRow[] {
    return this.db.prepare('SELECT * FROM companions ORDER BY name COLLATE NOCASE').all() as CompanionRow[];
  }

  get(id: number): CompanionRow | undefined {
    return this.db.prepare('SELECT * FROM companions WHERE id = ?').get(id) as CompanionRow | undefined;
  }

  find(hostId: string, port: number): CompanionRow | undefined {
    return this.db.prepare('SELECT * FROM companions WHERE host_id = ? AND port = ?').get(hostId, port) as
      CompanionRow | undefined;
  }

  insert(name: string, hostId: string, port: number): CompanionRow {
    const result = this.db
      .prepare('INSERT INTO companions (name, host_id, port, created_at) VALUES (?, ?, ?, ?)')
      .run(name, hostId, port, this.clock.now().toISOString());
    return this.get(Number(result.lastInsertRowid)) as CompanionRow;
  }

  setLastSeq(id: number, seq: number): void {
    this.db.prepare('UPDATE companions SET last_seq = ? WHERE id = ? AND last_seq < ?').run(seq, id, seq);
  }

  /** A restarted companion numbers its events from 1 again. */
  resetLastSeq(id: number, seq: number): void {
    this.db.prepare('UPDATE companions SET last_seq = ? WHERE id = ?').run(seq, id);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM companions WHERE id = ?').run(id).changes > 0;
  }
}

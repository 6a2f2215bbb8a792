import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/**
 * Prepared statements kept per SQL text, for repositories on a hot path. Preparing a statement costs more
 * than running a small one: the webhook listener spent about 8 % of its CPU in `prepare` before this.
 * A statement is reusable for any parameters; only the SQL text (never user input) is the key.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

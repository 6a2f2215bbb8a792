/**
 * The data folder is private: the database (and its WAL/SHM files) and the logs are 0600 in a 0700 folder,
 * a folder left 0755 by an older version is tightened, and logs rotate by size without losing a line.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { preparePrivateDir } from '../../electron/core/fs/private-files';
import { createLogger } from '../../electron/core/logging/logger';
import { Redactor } from '../../electron/core/logging/redactor';
import { openDatabase } from '../../electron/core/store/database';

const base = mkdtempSync(join(tmpdir(), 'tw-private-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('private data files', () => {
  it('creates the database and its WAL and SHM files 0600 in a 0700 folder', () => {
    const dir = join(base, 'fresh');
    const db = openDatabase(join(dir, 'tidewatch.db'));
    db.prepare('CREATE TABLE t (x INTEGER)').run();
    db.prepare('INSERT INTO t VALUES (1)').run();
    expect(mode(dir)).toBe(0o700);
    for (const name of ['tidewatch.db', 'tidewatch.db-wal', 'tidewatch.db-shm']) {
      expect(mode(join(dir, name)), name).toBe(0o600);
    }
    db.close();
  });

  it('tightens a data folder and a database left readable by others', () => {
    const dir = join(base, 'loose');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const db = openDatabase(join(dir, 'tidewatch.db'));
    db.close();
    chmodSync(join(dir, 'tidewatch.db'), 0o644);
    expect(preparePrivateDir(dir)).toBeNull();
    openDatabase(join(dir, 'tidewatch.db')).close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'tidewatch.db'))).toBe(0o600);
  });

  it('writes logs 0600 and rotates them by size, keeping every line across the files', () => {
    const dir = join(base, 'logs');
    const file = join(dir, 'tidewatch.log');
    const logger = createLogger({ file, redactor: new Redactor(), maxBytes: 2_000, keep: 3 });
    const child = logger.child({ service: 'x' });
    for (let i = 0; i < 80; i += 1) (i % 2 ? logger : child).info(`line-${i}`, { pad: 'p'.repeat(40) });
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['tidewatch.log', 'tidewatch.log.1', 'tidewatch.log.2', 'tidewatch.log.3']);
    for (const name of files) {
      expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(2_000);
      expect(mode(join(dir, name))).toBe(0o600);
    }
    expect(mode(dir)).toBe(0o700);
    // The newest lines are all there, in order, across the current file and the rotated ones.
    const lines = ['tidewatch.log.3', 'tidewatch.log.2', 'tidewatch.log.1', 'tidewatch.log']
      .flatMap((name) => readFileSync(join(dir, name), 'utf8').trim().split('\n'))
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    const numbers = lines.map((msg) => Number(msg.slice(5)));
    expect(numbers.at(-1)).toBe(79);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers[0]).toBe(80 - numbers.length);
  });
});

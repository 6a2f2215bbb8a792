import type { Migration } from '../migrator';

/**
 * The deploy journal: one row per deploy and one per step, each written before the step runs, so a core
 * that stops mid-deploy finds on restart what it was doing, with the old container's full snapshot.
 */
export const deploysMigration: Migration = {
  id: 9,
  name: 'deploys',
  up(db) {
    db.exec(`
      CREATE TABLE deploys (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        host_id TEXT NOT NULL,
        container_name TEXT NOT NULL,
        image TEXT NOT NULL,
        digest TEXT,
        previous_image TEXT,
        state TEXT NOT NULL CHECK (state IN ('running', 'done', 'rolled-back', 'failed')),
        step TEXT NOT NULL,
        reason TEXT,
        snapshot TEXT,
        new_container_id TEXT,
        passed_gate INTEGER NOT NULL DEFAULT 0 CHECK (passed_gate IN (0, 1)),
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      -- At most one running deploy per container: the database enforces the lock across processes too.
      CREATE UNIQUE INDEX deploys_one_running ON deploys (host_id, container_name) WHERE state = 'running';
      CREATE INDEX deploys_by_host ON deploys (host_id, created_at);

      CREATE TABLE deploy_steps (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deploy_id INTEGER NOT NULL REFERENCES deploys (id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('started', 'done', 'failed')),
        detail TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX deploy_steps_by_deploy ON deploy_steps (deploy_id, id);
    `);
  },
};

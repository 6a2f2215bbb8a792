import type { Migration } from '../migrator';

/**
 * Workloads (applications Tidewatch deploys), their stages, and each host's reverse proxy. Instances are
 * containers found by their labels, not rows: the host is the truth about what runs. Secret env values
 * live in the secret store; the env column keeps only their keys. Deploys learn which workload and stage
 * they served, and their kind (in-place update or blue-green).
 */
export const workloadsMigration: Migration = {
  id: 11,
  name: 'workloads',
  up(db) {
    db.exec(`
      CREATE TABLE workloads (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        host_id TEXT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        image TEXT NOT NULL,
        port INTEGER NOT NULL,
        health_path TEXT,
        env TEXT NOT NULL DEFAULT '[]',
        volumes TEXT NOT NULL DEFAULT '[]',
        cpus REAL,
        memory_mb INTEGER,
        network TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (host_id, name)
      );

      CREATE TABLE workload_stages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        workload_id INTEGER NOT NULL REFERENCES workloads (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        tag_pattern TEXT NOT NULL,
        auto_deploy INTEGER NOT NULL DEFAULT 0 CHECK (auto_deploy IN (0, 1)),
        max_instances INTEGER NOT NULL DEFAULT 1,
        confirm INTEGER NOT NULL DEFAULT 0 CHECK (confirm IN (0, 1)),
        promote_from TEXT,
        subdomain TEXT,
        pinned_tag TEXT,
        pending_tag TEXT,
        deployed_digest TEXT,
        UNIQUE (workload_id, name)
      );

      CREATE TABLE host_proxies (
        host_id TEXT PRIMARY KEY REFERENCES hosts (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('none', 'caddy', 'traefik', 'npm')),
        caddy_container TEXT,
        caddy_admin_port INTEGER NOT NULL DEFAULT 2019,
        traefik_entrypoint TEXT,
        traefik_cert_resolver TEXT,
        npm_url TEXT,
        npm_email TEXT,
        bind_base_path TEXT,
        https INTEGER NOT NULL DEFAULT 0 CHECK (https IN (0, 1)),
        updated_at TEXT NOT NULL
      );

      ALTER TABLE deploys ADD COLUMN kind TEXT NOT NULL DEFAULT 'in-place';
      ALTER TABLE deploys ADD COLUMN workload_id INTEGER;
      ALTER TABLE deploys ADD COLUMN stage TEXT;
      -- A blue-green deploy's own record of what it touched (old instances, the slot it took, what it
      -- stopped): written before each change, so rollback and crash recovery work from the journal alone.
      ALTER TABLE deploys ADD COLUMN plan TEXT;
      CREATE INDEX deploys_by_workload ON deploys (workload_id, created_at);
    `);
  },
};

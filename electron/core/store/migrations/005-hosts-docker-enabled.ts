import type { Migration } from '../migrator';

/**
 * Whether a host runs a Docker engine. A jump host that only offers SSH sets it to 0: the core then skips
 * the Docker probe (state `connected`, SSH only) and Docker calls for it fail fast with a clear message.
 */
export const hostsDockerEnabledMigration: Migration = {
  id: 5,
  name: 'hosts-docker-enabled',
  up(db) {
    db.exec(
      `ALTER TABLE hosts ADD COLUMN docker_enabled INTEGER NOT NULL DEFAULT 1 CHECK (docker_enabled IN (0, 1));`,
    );
  },
};

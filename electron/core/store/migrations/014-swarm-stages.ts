import type { Migration } from '../migrator';

/** A workload stage may be deployed as a Swarm service update instead of blue-green containers. */
export const swarmStagesMigration: Migration = {
  id: 14,
  name: 'swarm-stages',
  up(db) {
    db.exec(`ALTER TABLE workload_stages ADD COLUMN swarm_service TEXT;`);
  },
};

import type { Migration } from '../migrator';
import { settingsMigration } from './001-settings';
import { hostsMigration } from './002-hosts';
import { registriesUpdatesMigration } from './003-registries-updates';
import { hostsWantedMigration } from './004-hosts-wanted';
import { hostsDockerEnabledMigration } from './005-hosts-docker-enabled';
import { hostsHeldDownMigration } from './006-hosts-held-down';
import { updatesStepsMigration } from './007-updates-steps';
import { settingsOnePlaceMigration } from './008-settings-one-place';
import { deploysMigration } from './009-deploys';
import { autoUpdateMigration } from './010-auto-update';
import { workloadsMigration } from './011-workloads';
import { webhooksMigration } from './012-webhooks';
import { companionsMigration } from './013-companions';
import { swarmStagesMigration } from './014-swarm-stages';
import { hostsKindMigration } from './015-hosts-kind';

/** Every migration, in order. Add new ones at the end with the next number. */
export const MIGRATIONS: readonly Migration[] = [
  settingsMigration,
  hostsMigration,
  registriesUpdatesMigration,
  hostsWantedMigration,
  hostsDockerEnabledMigration,
  hostsHeldDownMigration,
  updatesStepsMigration,
  settingsOnePlaceMigration,
  deploysMigration,
  autoUpdateMigration,
  workloadsMigration,
  webhooksMigration,
  companionsMigration,
  swarmStagesMigration,
  hostsKindMigration,
];

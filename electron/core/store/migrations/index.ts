import type { Migration } from '../migrator';
import { settingsMigration } from './001-settings';

/** Every migration, in order. Add new ones at the end with the next number. */
export const MIGRATIONS: readonly Migration[] = [settingsMigration];

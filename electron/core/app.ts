/**
 * The composition root: builds every core service from its dependencies and the handlers that serve
 * the contract. The Electron main process and the headless companion both call createCore; so do tests.
 */
import { join } from 'node:path';
import type { AppInfo } from '@shared/schemas/app';
import { appHandlers } from './api/app-api';
import { createDispatcher, type Dispatcher, type Handlers } from './api/dispatcher';
import { settingsHandlers } from './api/settings-api';
import { EventBus } from './events/event-bus';
import type { Logger } from './logging/logger';
import type { SecretStore } from './secrets/secret-store';
import { SettingsRepository } from './settings/settings-repository';
import { SettingsService } from './settings/settings-service';
import { openDatabase, type Db } from './store/database';
import { systemClock, type Clock } from './util/clock';

export interface CoreOptions {
  dataDir: string;
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  mode: AppInfo['mode'];
  version: string;
}

export interface Core {
  dispatcher: Dispatcher;
  events: EventBus;
  db: Db;
  settings: SettingsService;
  logger: Logger;
  info(): AppInfo;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const { logger } = options;
  const db = openDatabase(join(options.dataDir, 'tidewatch.db'));
  const events = new EventBus();
  const settings = new SettingsService(new SettingsRepository(db), events, clock, logger.child({ service: 'settings' }));

  const info = (): AppInfo => ({
    name: 'Tidewatch',
    version: options.version,
    platform: `${process.platform}-${process.arch}`,
    mode: options.mode,
    dataDir: options.dataDir,
    secretBackend: options.secrets.info,
  });

  const handlers: Handlers = {
    ...appHandlers({ info }),
    ...settingsHandlers(settings),
  };

  logger.info('core started', { mode: options.mode, version: options.version });
  return {
    dispatcher: createDispatcher(handlers, logger.child({ service: 'api' })),
    events,
    db,
    settings,
    logger,
    info,
    async close() {
      db.close();
      logger.info('core stopped');
    },
  };
}

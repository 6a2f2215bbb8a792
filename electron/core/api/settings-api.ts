import type { SettingsService } from '../settings/settings-service';
import type { Handler } from './dispatcher';

export function settingsHandlers(settings: SettingsService): {
  'settings.get': Handler<'settings.get'>;
  'settings.update': Handler<'settings.update'>;
} {
  return {
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };
}

import {
  DEFAULT_SETTINGS,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '@shared/schemas/settings';
import type { Clock } from '../util/clock';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import type { SettingsRepository } from './settings-repository';

/** Application settings: defaults merged with what the user saved, validated on the way in and out. */
export class SettingsService {
  constructor(
    private readonly repository: SettingsRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  get(): Settings {
    const stored = this.repository.readAll();
    const merged = { ...DEFAULT_SETTINGS, ...stored };
    const parsed = settingsSchema.safeParse(merged);
    if (parsed.success) return parsed.data;
    // A row written by a newer or broken version must not take the app down: fall back per field.
    this.logger.warn('stored settings invalid; using defaults for the invalid fields', {
      issues: parsed.error.issues.length,
    });
    const result = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
      const field = settingsSchema.shape[key].safeParse(stored[key]);
      if (field.success) Object.assign(result, { [key]: field.data });
    }
    return result;
  }

  update(patch: SettingsPatch): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...patch });
    this.repository.writeMany(patch, this.clock.now());
    this.events.emit('settings.changed', next);
    return next;
  }
}

import { validateWindow } from '../deploy/auto-update-policy';
import type { AutoUpdateRepository } from '../deploy/auto-update-repository';
import type { Handler } from './dispatcher';

export interface AutoUpdateApiDeps {
  settings: AutoUpdateRepository;
  /** Throws NOT_FOUND for a host id the core does not know. */
  requireHost: (hostId: string) => void;
  /** A setting changed: look at the inbox again (a policy turned on may apply at once). */
  changed: () => void;
}

export function autoUpdateHandlers(deps: AutoUpdateApiDeps): {
  'autoUpdate.list': Handler<'autoUpdate.list'>;
  'autoUpdate.set': Handler<'autoUpdate.set'>;
} {
  return {
    'autoUpdate.list': (input) => deps.settings.list(input?.hostId),
    'autoUpdate.set': (input) => {
      deps.requireHost(input.hostId);
      const name = input.containerName.replace(/^\//, '');
      if (input.policy === null) {
        deps.settings.remove(input.hostId, name);
        deps.changed();
        return null;
      }
      const window = input.window ?? null;
      if (window !== null) validateWindow(window);
      const setting = deps.settings.set(input.hostId, name, input.policy, window);
      deps.changed();
      return setting;
    },
  };
}

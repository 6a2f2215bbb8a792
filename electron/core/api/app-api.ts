import type { Handler } from './dispatcher';

export interface AppApiDeps {
  info: () => Awaited<ReturnType<Handler<'app.info'>>>;
  resetSecretStore: () => ReturnType<Handler<'app.resetSecretStore'>>;
}

export function appHandlers(deps: AppApiDeps): {
  'app.info': Handler<'app.info'>;
  'app.resetSecretStore': Handler<'app.resetSecretStore'>;
} {
  return {
    'app.info': () => deps.info(),
    'app.resetSecretStore': () => deps.resetSecretStore(),
  };
}

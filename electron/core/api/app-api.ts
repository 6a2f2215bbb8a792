import type { Handler } from './dispatcher';

export interface AppApiDeps {
  info: () => Awaited<ReturnType<Handler<'app.info'>>>;
}

export function appHandlers(deps: AppApiDeps): { 'app.info': Handler<'app.info'> } {
  return {
    'app.info': () => deps.info(),
  };
}

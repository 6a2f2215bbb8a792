import type { CompanionsService } from '../companions/companions-service';
import type { Handler } from './dispatcher';

export function companionsHandlers(companions: CompanionsService): {
  'companions.list': Handler<'companions.list'>;
  'companions.add': Handler<'companions.add'>;
  'companions.remove': Handler<'companions.remove'>;
} {
  return {
    'companions.list': () => companions.list(),
    'companions.add': (input) => companions.add(input),
    'companions.remove': ({ id }) => companions.remove(id),
  };
}

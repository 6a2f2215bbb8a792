import { contract, isMethodName } from '@shared/contract';
import { AppError } from '@shared/rpc/errors';
import type { CompanionUpdates } from '../companions/companion-updates';
import type { CompanionsService } from '../companions/companions-service';
import { readableIssues, type Handler } from './dispatcher';

export function companionsHandlers(
  companions: CompanionsService,
  updates: CompanionUpdates,
): {
  'companions.list': Handler<'companions.list'>;
  'companions.add': Handler<'companions.add'>;
  'companions.remove': Handler<'companions.remove'>;
  'companions.call': Handler<'companions.call'>;
  'companions.updates': Handler<'companions.updates'>;
} {
  return {
    'companions.list': () => companions.list(),
    'companions.add': (input) => companions.add(input),
    'companions.remove': ({ id }) => companions.remove(id),
    'companions.call': ({ id, method, input }, context) => {
      checkRelayedCall(method, input);
      // Transports always name their connection; a caller without one shares a single local owner.
      return companions.invoke(id, method, input, context.connectionId ?? 'local');
    },
    'companions.updates': () => updates.list(),
  };
}

/**
 * A relayed call is checked here as the companion would check it, so a mistake is said where it was made
 * and nothing malformed travels over SSH. The companion checks again: it trusts no caller.
 */
function checkRelayedCall(method: string, input: unknown): void {
  if (!isMethodName(method) || method.startsWith('companions.'))
    throw new AppError(
      'VALIDATION',
      `Not a method a companion can be asked: ${JSON.stringify(method.slice(0, 100))}`,
      'method',
    );
  const parsed = contract.methods[method].input.safeParse(input);
  if (!parsed.success)
    throw new AppError('VALIDATION', `Invalid input for ${method}: ${readableIssues(parsed.error)}`, 'input');
}

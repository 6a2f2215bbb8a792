import type { TidewatchClient } from '@shared/rpc/client';
import type { Envelope } from '@shared/rpc/envelope';
import { ContractError } from '@shared/rpc/errors';
import type { EventListener, Transport } from '@shared/rpc/transport';

/**
 * The contract's transport to a companion's core, carried by this app's own core: each call goes out as
 * `companions.call` and the companion's envelope comes back; its events arrive as `companions.event`. The
 * local core holds the SSH link and the token, so the page never sees either. A typed client over this
 * transport (`createClient`) is the same client the rest of the UI uses: pages cannot tell the cores apart.
 */
export function createRelayTransport(local: TidewatchClient, companionId: number): Transport {
  return {
    async invoke(method, input) {
      try {
        return (await local.call('companions.call', { id: companionId, method, input })) as Envelope<unknown>;
      } catch (error) {
        // The local core refused the call (an unknown companion, input the contract rejects): same shape.
        if (error instanceof ContractError)
          return { ok: false, error: { code: error.code, message: error.message, field: error.field } };
        throw error;
      }
    },
    listen(listener: EventListener) {
      return local.on('companions.event', (relayed) => {
        if (relayed.companionId === companionId) listener(relayed.event, relayed.payload, relayed.seq);
      });
    },
    // The local client is ready already; the companion delivers its events to the local core regardless.
    ready() {},
  };
}

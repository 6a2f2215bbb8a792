import { EVENT_NAMES } from '@shared/contract';
import type { PreloadBridge, Transport } from '@shared/rpc/transport';

/**
 * Adapts the preload's bridge to the Transport interface. The bridge subscribes per event name,
 * so listening to "everything" means one subscription per event the contract declares.
 */
export function createIpcTransport(bridge: PreloadBridge): Transport {
  return {
    invoke: (method, input) => bridge.invoke(method, input),
    listen(listener) {
      const unsubscribers = EVENT_NAMES.map((name) =>
        bridge.subscribe(name, (payload) => listener(name, payload)),
      );
      return () => {
        for (const unsubscribe of unsubscribers) unsubscribe();
      };
    },
    ready: () => bridge.ready(),
  };
}

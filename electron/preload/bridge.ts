import { IPC_CHANNELS, isEventName, isMethodName } from '@shared/contract';
import { fail, type Envelope } from '@shared/rpc/envelope';
import type { PreloadBridge } from '@shared/rpc/transport';

/** The three ipcRenderer calls the bridge needs; nothing else of ipcRenderer reaches the page. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Builds `window.tidewatch` from the contract: calls and subscriptions are checked against the contract's
 * names before anything touches IPC, and all events arrive on one channel, fanned out here.
 * Kept apart from index.ts (which only exposes it) so it runs in tests without Electron.
 */
export function createPreloadBridge(ipc: IpcRendererLike): PreloadBridge {
  const subscribers = new Map<string, Set<(payload: unknown) => void>>();

  ipc.on(IPC_CHANNELS.event, (_event, message) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (!isEventName(event)) return;
    for (const callback of subscribers.get(event) ?? []) callback(payload);
  });

  return {
    async invoke(method: string, input: unknown): Promise<Envelope<unknown>> {
      if (!isMethodName(method)) {
        return fail({
          code: 'UNKNOWN_METHOD',
          message: `Unknown method: ${JSON.stringify(String(method).slice(0, 100))}`,
        });
      }
      return (await ipc.invoke(IPC_CHANNELS.invoke, method, input)) as Envelope<unknown>;
    },
    subscribe(event: string, callback: (payload: unknown) => void): () => void {
      if (!isEventName(event))
        throw new Error(`Unknown event: ${JSON.stringify(String(event).slice(0, 100))}`);
      if (typeof callback !== 'function') throw new Error('subscribe needs a callback function');
      const set = subscribers.get(event) ?? new Set();
      subscribers.set(event, set);
      set.add(callback);
      return () => {
        set.delete(callback);
      };
    },
    ready(): void {
      ipc.send(IPC_CHANNELS.ready);
    },
  };
}

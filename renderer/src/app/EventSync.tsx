import { useEventSync } from '../api/event-sync';

/**
 * Mounted once inside the providers: wires contract events to the query cache. Saved hosts are connected
 * by the core itself at start (the ones the user left connected), not from here.
 */
export function EventSync() {
  useEventSync();
  return null;
}

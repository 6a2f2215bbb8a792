import { useEventSync } from '../api/event-sync';
import { useAutoConnect } from '../features/hosts/use-auto-connect';

/** Mounted once inside the providers: wires contract events to the query cache, connects saved hosts. */
export function EventSync() {
  useEventSync();
  useAutoConnect();
  return null;
}

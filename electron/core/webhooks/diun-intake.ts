import type { DiunEvent, DiunRepository } from './diun-repository';
import type { WorkResult } from './delivery-worker';
import type { Clock } from '../util/clock';

export interface DiunIntakeDeps {
  repository: DiunRepository;
  hosts: () => Array<{ id: string; name: string; address: string }>;
  clock: Clock;
  /** A new DIUN notification is in the list (tray, desktop notification). */
  noted: (event: DiunEvent, hostId: string | null) => void;
}

/**
 * A DIUN notification enters the list keyed by image (as the DIUN dashboard keys it), matched to a
 * Tidewatch host when DIUN's `hostname` is a host's name or address, and to its container by name.
 */
export function recordDiun(event: DiunEvent, deps: DiunIntakeDeps): WorkResult {
  const hostname = event.hostname.trim().toLowerCase();
  const host =
    hostname === ''
      ? undefined
      : deps
          .hosts()
          .find((item) => item.name.toLowerCase() === hostname || item.address.toLowerCase() === hostname);
  const container = event.metadata.ctn_names.split(',')[0]?.trim().replace(/^\//, '') || null;
  const hostId = host?.id ?? null;
  deps.repository.upsert(event, { hostId, container: hostId ? container : null }, deps.clock.now());
  deps.noted(event, hostId);
  const where = host ? ` for ${host.name}${container ? `/${container}` : ''}` : ' (no matching host)';
  return { state: 'done', action: `${event.status || 'new'} ${event.image}${where}` };
}

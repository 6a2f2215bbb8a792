import type { HostStateName } from '@shared/schemas/hosts';

export interface StateLook {
  /** Mantine colour of the status dot and badge. */
  color: string;
  label: string;
}

/** Connected green, in progress yellow, key questions orange, failures red, idle grey. */
export const STATE_LOOK: Record<HostStateName, StateLook> = {
  connected: { color: 'teal', label: 'Connected' },
  connecting: { color: 'yellow', label: 'Connecting' },
  'host-key-unknown': { color: 'orange', label: 'Unknown host key' },
  'host-key-mismatch': { color: 'red', label: 'Host key changed' },
  unreachable: { color: 'red', label: 'Unreachable' },
  'auth-failed': { color: 'red', label: 'Authentication failed' },
  'docker-unavailable': { color: 'red', label: 'Docker unavailable' },
  disconnected: { color: 'gray', label: 'Disconnected' },
};

export const UNKNOWN_STATE_LOOK: StateLook = { color: 'gray', label: 'No status yet' };

export function stateLook(state: HostStateName | undefined): StateLook {
  return state ? STATE_LOOK[state] : UNKNOWN_STATE_LOOK;
}

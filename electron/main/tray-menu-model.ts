/**
 * What the tray menu shows, decided without Electron (tray.ts maps it to a native menu): a line per
 * host with pending updates, then "Check now", "Open Tidewatch" and "Quit".
 */
import { CORE_QUERY_PARAM } from '@shared/schemas/companions';
import type { TrayModel } from '../core/notify/tray-model';

export type TrayAction =
  | { kind: 'open-updates'; hostId: string; companionId?: number }
  | { kind: 'check-now' }
  | { kind: 'open' }
  | { kind: 'quit' };

export type TrayMenuEntry = { label: string; action: TrayAction; enabled?: boolean } | { separator: true };

/** More hosts than this collapse into one "… more" line that opens the unfiltered Updates page. */
const HOSTS_SHOWN = 8;

export function trayMenuEntries(model: TrayModel, checking = false): TrayMenuEntry[] {
  const hostLines: TrayMenuEntry[] = model.hosts.slice(0, HOSTS_SHOWN).map((host) => ({
    label: `${host.hostName}: ${host.pending} update${host.pending === 1 ? '' : 's'}`,
    action: {
      kind: 'open-updates',
      hostId: host.hostId,
      ...(host.companionId === undefined ? {} : { companionId: host.companionId }),
    },
  }));
  const hidden = model.hosts.length - HOSTS_SHOWN;
  if (hidden > 0)
    hostLines.push({ label: `${hidden} more hosts…`, action: { kind: 'open-updates', hostId: '' } });
  return [
    ...hostLines,
    ...(hostLines.length > 0 ? [{ separator: true } as const] : []),
    {
      label: checking ? 'Checking for updates…' : 'Check now',
      action: { kind: 'check-now' },
      enabled: !checking,
    },
    { label: 'Open Tidewatch', action: { kind: 'open' } },
    { separator: true },
    { label: 'Quit', action: { kind: 'quit' } },
  ];
}

/**
 * The renderer path of the Updates page, filtered to one host when given (`?host=` is read by the page),
 * on an attached companion's core when given (`?core=`, read by the UI's navigation).
 */
export function updatesPath(hostId?: string | null, companionId?: number): string {
  const params = [
    ...(hostId ? [`host=${encodeURIComponent(hostId)}`] : []),
    ...(companionId === undefined ? [] : [`${CORE_QUERY_PARAM}=${companionId}`]),
  ];
  return params.length > 0 ? `/updates?${params.join('&')}` : '/updates';
}

/** The tray icon file: the badge variant while anything is pending. */
export function trayIconFile(pending: number): string {
  return pending > 0 ? 'tray-badge.png' : 'tray.png';
}

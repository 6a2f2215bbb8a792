import { shell } from 'electron';
import { safeExternalUrl } from './external-url';

/**
 * The only place that opens links outside the app (lint forbids `openExternal` anywhere else).
 * Anything but a plain http(s) URL is refused and reported as false.
 */
export async function openExternal(raw: unknown): Promise<boolean> {
  const url = safeExternalUrl(raw);
  if (url === null) return false;
  await shell.openExternal(url, { activate: true });
  return true;
}

import { originOf } from '../ipc/sender-check';

/** The scheme and host the packaged renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tidewatch';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Whether the window may navigate to `url`: only within our own renderer (the app protocol, or the Vite
 * dev server in development). Everything else is refused, and http(s) links go to the browser instead.
 */
export function isAppUrl(url: string, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && trustedOrigins.includes(origin);
}

/** The origins our renderer is served from: the app protocol, plus the dev server when one is in use. */
export function trustedOrigins(devServerUrl: string | null): string[] {
  const dev = devServerUrl === null ? null : originOf(devServerUrl);
  return dev === null ? [APP_ORIGIN] : [APP_ORIGIN, dev];
}

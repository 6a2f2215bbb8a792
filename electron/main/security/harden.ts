import { BrowserWindow, type App, type Session, type WebContents } from 'electron';
import { isAppUrl } from './navigation';
import { openExternal } from './open-external';
import type { Logger } from '../../core/logging/logger';

/**
 * Hardening every webContents gets (VS Code and Podman Desktop do the same): no navigation away from the
 * app, no new windows (http(s) links open in the browser), no <webview>.
 */
export function hardenAllWebContents(app: App, origins: readonly string[], logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origins, logger));
}

export function hardenWebContents(contents: WebContents, origins: readonly string[], logger: Logger): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url, origins)) return;
    event.preventDefault();
    logger.warn('refused navigation', { url: url.slice(0, 200) });
    void openExternal(url, BrowserWindow.fromWebContents(contents));
  };
  contents.on('will-navigate', (event) => refuse(event, event.url));
  contents.on('will-redirect', (event) => refuse(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url, BrowserWindow.fromWebContents(contents));
    return { action: 'deny' };
  });
}

/**
 * Permissions: none, except writing plain text to the clipboard from our own main frame (the "copy"
 * buttons). Camera, notifications through the web API, geolocation … are all refused.
 */
export function denyPermissions(session: Session, origins: readonly string[]): void {
  const allowed = (permission: string, url: string, isMainFrame: boolean) =>
    permission === 'clipboard-sanitized-write' && isMainFrame && isAppUrl(url, origins);
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(allowed(permission, details.requestingUrl, details.isMainFrame) && contents.getURL() !== '');
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowed(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame ?? false),
  );
}

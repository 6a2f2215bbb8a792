import type { Session } from 'electron';
import { contentSecurityPolicy, HARDENING_HEADERS } from '../web-security/csp';

/**
 * Development only: the Vite dev server sends no CSP, so add ours to its responses. It differs from the
 * packaged one in two places Vite needs: its React refresh preamble (inline script) and its HMR WebSocket.
 */
export function applyDevServerCsp(session: Session, devServerUrl: string): void {
  const dev = new URL(devServerUrl);
  const csp = contentSecurityPolicy({ allowInlineScripts: true, connect: [`ws://${dev.host}`] });
  session.webRequest.onHeadersReceived({ urls: [`${dev.origin}/*`] }, (details, callback) => {
    const headers: Record<string, string | string[]> = { ...details.responseHeaders };
    headers['Content-Security-Policy'] = [csp];
    for (const [name, value] of Object.entries(HARDENING_HEADERS)) headers[name] = [value];
    callback({ responseHeaders: headers });
  });
}

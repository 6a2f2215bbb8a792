import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, HARDENING_HEADERS } from '../web-security/csp';
import { APP_HOST, APP_SCHEME } from './security/navigation';
import { lookupRendererFile } from '../web-security/renderer-path';

/**
 * Must run before `app` is ready: `app://` behaves like https (standard, secure origin, fetch allowed)
 * so the renderer gets a real origin instead of the opaque, over-privileged `file://`.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves `app://tidewatch/…` from the built renderer folder; nothing outside it, ever. */
export function serveRenderer(rendererDir: string): void {
  const headers = { 'Content-Security-Policy': contentSecurityPolicy(), ...HARDENING_HEADERS };
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET')
      return new Response('Not found', { status: 404, headers });
    const found = await lookupRendererFile(rendererDir, url.pathname);
    if (found.kind === 'not-built')
      return new Response('Renderer not built: run npm run build', { status: 503, headers });
    if (found.kind !== 'file') return new Response('Not found', { status: 404, headers });
    const file = await net.fetch(pathToFileURL(found.path).toString());
    const merged = new Headers(file.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return new Response(file.body, { status: file.status, headers: merged });
  });
}

import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, sep } from 'node:path';
import { contentSecurityPolicy, HARDENING_HEADERS } from '../web-security/csp';
import { lookupRendererFile } from '../web-security/renderer-path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The companion page may open a WebSocket only back to this companion. */
export function companionCsp(port: number): string {
  return contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': companionCsp(port),
    ...HARDENING_HEADERS,
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/**
 * Against DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 still sends
 * `Host: evil.example:<port>`, so only our own loopback names are answered.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export interface StaticServerOptions {
  /** The built renderer (out/renderer). */
  root: string;
  /** The port we listen on; known only after listen() when started with port 0. */
  port: () => number;
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Serves the built renderer: files strictly inside `root`, the single-page app's index.html for
 * route-like paths, 404 for missing assets and refused paths, security headers on every answer.
 */
export function createStaticHandler(options: StaticServerOptions): RequestHandler {
  return (request, response) => {
    void serve(request, response, options).catch(() => {
      if (!response.headersSent) sendText(response, 500, 'Internal error', options.port());
      else response.destroy();
    });
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  options: StaticServerOptions,
): Promise<void> {
  const port = options.port();
  if (!isAllowedHost(request.headers.host, port)) return sendText(response, 421, 'Misdirected request', port);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return sendText(response, 405, 'Method not allowed', port);
  }
  const urlPath = (request.url ?? '/').split(/[?#]/)[0] ?? '/';
  const found = await lookupRendererFile(options.root, urlPath);
  switch (found.kind) {
    case 'file':
      return sendFile(request, response, found.path, port);
    case 'not-built':
      return sendText(response, 503, 'The renderer is not built: run `npm run build`', port);
    default:
      return sendText(response, 404, 'Not found', port);
  }
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: string, port: number): void {
  response.writeHead(200, {
    ...securityHeaders(port),
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    // Vite's asset names carry a content hash; the HTML must be fetched fresh to pick up new ones.
    'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

function sendText(response: ServerResponse, status: number, text: string, port: number): void {
  response.writeHead(status, { ...securityHeaders(port), 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

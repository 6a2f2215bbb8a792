import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
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
      return sendFile(request, response, found.path, port, await compressed(request, found.path));
    case 'not-built':
      return sendText(response, 503, 'The renderer is not built: run `npm run build`', port);
    default:
      return sendText(response, 404, 'Not found', port);
  }
}

function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  port: number,
  body: Encoded | null,
): void {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  response.writeHead(200, {
    ...securityHeaders(port),
    'Content-Type': type,
    // Vite's asset names carry a content hash; the HTML must be fetched fresh to pick up new ones.
    'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(isCompressible(file) ? { Vary: 'Accept-Encoding' } : {}),
    ...(body ? { 'Content-Encoding': body.encoding, 'Content-Length': String(body.data.length) } : {}),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  if (body) {
    response.end(body.data);
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

interface Encoded {
  encoding: 'br' | 'gzip';
  data: Buffer;
}

const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.svg',
  '.txt',
  '.webmanifest',
]);
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** Compressed bodies by file, encoding and mtime: the built renderer changes only when rebuilt. */
const cache = new Map<string, { mtimeMs: number; data: Buffer }>();

function isCompressible(file: string): boolean {
  return COMPRESSIBLE.has(extname(file).toLowerCase());
}

/** Text assets compressed per Accept-Encoding (brotli, else gzip), or null to send the file as it is. */
async function compressed(request: IncomingMessage, file: string): Promise<Encoded | null> {
  if (!isCompressible(file)) return null;
  const accepted = acceptedEncodings(request.headers['accept-encoding']);
  const encoding = accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null;
  if (!encoding) return null;
  const { mtimeMs } = await stat(file);
  const key = `${encoding}:${file}`;
  const hit = cache.get(key);
  if (hit && hit.mtimeMs === mtimeMs) return { encoding, data: hit.data };
  const raw = await readFile(file);
  const data =
    encoding === 'br'
      ? await brotli(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } })
      : await gzipAsync(raw, { level: 9 });
  cache.set(key, { mtimeMs, data });
  return { encoding, data };
}

/** Encodings the client accepts (q=0 means refused). */
function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const accepted = new Set<string>();
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
    if (name && !refused) accepted.add(name);
  }
  return accepted;
}

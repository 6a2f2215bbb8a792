/**
 * A small fake of Nginx Proxy Manager's REST API, for the NPM provider's tests. NPM itself cannot be
 * installed here (no Debian package, nothing on npm), so this is written from NPM's documented API (its
 * backend's OpenAPI schema: `/api/tokens`, `/api/nginx/proxy-hosts`), not recorded from a real NPM:
 * - POST /api/tokens {identity, secret} → {token, expires}; a wrong e-mail or password → 401
 *   `{error: {code, message}}` (NPM answers "No relevant user found" / "Invalid password").
 * - GET/POST /api/nginx/proxy-hosts, PUT/DELETE /api/nginx/proxy-hosts/:id with `Authorization: Bearer`;
 *   a missing or expired token → 401. POST refuses unknown fields and a domain another host already
 *   serves (400 "<domain> is already in use"), as NPM's schema and its domain check do.
 * - GET /api/ → {status: "OK", version} without auth.
 * It listens on 127.0.0.1 only. It records every request (method and path) so tests can count writes.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NpmFakeHost {
  id: number;
  domain_names: string[];
  forward_scheme: string;
  forward_host: string;
  forward_port: number;
  meta: Record<string, unknown>;
  [field: string]: unknown;
}

export interface NpmFake {
  port: number;
  /** Every request as `METHOD /path`, in order. */
  requests: string[];
  hosts: NpmFakeHost[];
  /** Invalidates every issued token (as an expiry or an NPM restart would). */
  expireTokens(): void;
  /** Requests other than GET, logins excluded: what would reload nginx. */
  writes(): string[];
  close(): Promise<void>;
}

/** Fields NPM's proxy-host schema accepts on create (additionalProperties: false). */
const HOST_FIELDS = new Set([
  'domain_names',
  'forward_scheme',
  'forward_host',
  'forward_port',
  'access_list_id',
  'certificate_id',
  'ssl_forced',
  'caching_enabled',
  'block_exploits',
  'allow_websocket_upgrade',
  'http2_support',
  'hsts_enabled',
  'hsts_subdomains',
  'meta',
  'advanced_config',
  'locations',
  'enabled',
]);

export async function startNpmFake(user: { email: string; password: string }): Promise<NpmFake> {
  const tokens = new Set<string>();
  const hosts: NpmFakeHost[] = [];
  const requests: string[] = [];
  let nextId = 1;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push(`${req.method} ${path}`);
    const body = await readJson(req);
    if (req.method === 'GET' && path === '/api/') {
      return send(res, 200, { status: 'OK', version: { major: 2, minor: 11, revision: 3 } });
    }
    if (req.method === 'POST' && path === '/api/tokens') {
      if (body?.identity !== user.email) return fail(res, 401, 'No relevant user found');
      if (body.secret !== user.password) return fail(res, 401, 'Invalid password');
      const token = randomBytes(24).toString('hex');
      tokens.add(token);
      return send(res, 200, { token, expires: new Date(Date.now() + 86_400_000).toISOString() });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer)) return fail(res, 401, 'Permission Denied');
    if (path === '/api/nginx/proxy-hosts') {
      if (req.method === 'GET') return send(res, 200, hosts);
      if (req.method === 'POST') return create(res, body);
    }
    const id = Number(/^\/api\/nginx\/proxy-hosts\/(\d+)$/.exec(path)?.[1]);
    const index = hosts.findIndex((host) => host.id === id);
    if (!Number.isInteger(id) || index < 0) return fail(res, 404, 'Not Found');
    if (req.method === 'PUT') return update(res, index, body);
    if (req.method === 'DELETE') {
      hosts.splice(index, 1);
      return send(res, 200, true);
    }
    return fail(res, 404, 'Not Found');
  };

  const create = (res: ServerResponse, body: Record<string, unknown> | undefined): void => {
    const unknown = Object.keys(body ?? {}).filter((field) => !HOST_FIELDS.has(field));
    if (!body || unknown.length > 0) return fail(res, 400, `data should NOT have additional properties`);
    const domains = body.domain_names;
    if (!Array.isArray(domains) || domains.length === 0 || typeof body.forward_host !== 'string') {
      return fail(res, 400, 'data should have required property domain_names, forward_host');
    }
    const taken = domains.find((domain) => hosts.some((host) => host.domain_names.includes(String(domain))));
    if (taken) return fail(res, 400, `${String(taken)} is already in use`);
    const host: NpmFakeHost = {
      ...body,
      id: nextId++,
      domain_names: domains.map(String),
      forward_scheme: String(body.forward_scheme ?? 'http'),
      forward_host: body.forward_host,
      forward_port: Number(body.forward_port),
      meta: (body.meta as Record<string, unknown> | undefined) ?? {},
      created_on: new Date().toISOString(),
    };
    hosts.push(host);
    send(res, 201, host);
  };

  const update = (res: ServerResponse, index: number, body: Record<string, unknown> | undefined): void => {
    const unknown = Object.keys(body ?? {}).filter((field) => !HOST_FIELDS.has(field));
    if (!body || unknown.length > 0) return fail(res, 400, 'data should NOT have additional properties');
    hosts[index] = { ...(hosts[index] as NpmFakeHost), ...body, modified_on: new Date().toISOString() };
    send(res, 200, hosts[index]);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => fail(res, 500, String(error)));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    hosts,
    expireTokens: () => tokens.clear(),
    writes: () => requests.filter((r) => !r.startsWith('GET ') && r !== 'POST /api/tokens'),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, message: string): void {
  send(res, status, { error: { code: status, message } });
}

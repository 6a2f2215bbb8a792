/**
 * The webhook listener: its own port and bind address (apart from the loopback UI/API), plain HTTP or TLS.
 * Each delivery is checked in order of cost (route, rate, type, size, secret, shape, duplicate), written
 * to the queue, and answered before any work is done. Bad input always ends in a 4xx.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { WebhookConfig, WebhookDelivery, WebhookSource } from '@shared/schemas/webhooks';
import type { Logger } from '../logging/logger';
import type { Clock } from '../util/clock';
import { isDiunApiPath, serveDiunApi, type DiunApiDeps } from './diun-api';
import { answer } from './http-answers';
import {
  parseDiun,
  parseDockerHub,
  parseGitea,
  parseGithub,
  parseGitlab,
  parseImagePush,
  type Ignored,
  type WorkItem,
} from './intake';
import {
  clientAddress,
  parseJsonObject,
  RateLimiter,
  readBody,
  Refusal,
  requireJson,
} from './request-guards';
import { secretsEqual, verifyGiteaSignature, verifyGithubSignature } from './signatures';
import { readTlsPair, TlsReloader } from './tls-files';
import type { WebhookSecrets } from './webhook-secrets';

/** A delivery that passed every check, for the queue. */
export interface Accepted {
  source: WebhookSource;
  remote: string;
  status: number;
  dedupeKey: string;
  item: WorkItem | Ignored;
}

export interface ListenerDeps {
  config: () => WebhookConfig;
  secrets: WebhookSecrets;
  /** Writes the delivery (queued, ignored or duplicate) and starts the work after the answer. */
  accept: (delivery: Accepted) => WebhookDelivery;
  /** Logs a refused delivery (no body, no secret). */
  refuse: (record: { source: WebhookSource; remote: string; status: number; reason: string }) => void;
  diun: DiunApiDeps;
  clock: Clock;
  logger: Logger;
  /** How often TLS files are looked at for a renewal (tests: short). */
  tlsReloadCheckMs?: number;
}

/** An identical body from the same source within this window is the same delivery (DIUN retries, CI reruns). */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

interface Route {
  source: WebhookSource;
  /** Answer for an accepted delivery: the DIUN dashboard answered 200, the others 202 (work follows). */
  okStatus: number;
  authenticate: (
    request: IncomingMessage,
    body: Buffer,
    secret: string,
    pathSecret: string | null,
  ) => boolean;
  parse: (request: IncomingMessage, body: Record<string, unknown>) => WorkItem | Ignored;
  /** The sender's delivery id, when it sends one (a redelivery carries the same). */
  deliveryId?: (request: IncomingMessage) => string | undefined;
}

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const ROUTES: Record<string, Route> = {
  '/webhook': {
    source: 'diun',
    okStatus: 200,
    authenticate: (request, _body, secret) => secretsEqual(header(request, 'authorization') ?? '', secret),
    parse: (_request, body) => parseDiun(body),
  },
  '/api/webhook': {
    source: 'ci',
    okStatus: 202,
    authenticate: (_request, _body, secret, pathSecret) => secretsEqual(pathSecret ?? '', secret),
    parse: (_request, body) => parseImagePush(body),
  },
  '/api/dockerhub': {
    source: 'dockerhub',
    okStatus: 202,
    authenticate: (_request, _body, secret, pathSecret) => secretsEqual(pathSecret ?? '', secret),
    parse: (_request, body) => parseDockerHub(body),
  },
  '/api/github': {
    source: 'github',
    okStatus: 202,
    authenticate: (request, body, secret) =>
      verifyGithubSignature(body, header(request, 'x-hub-signature-256'), secret),
    parse: (request, body) => parseGithub(header(request, 'x-github-event') ?? '', body),
    deliveryId: (request) => header(request, 'x-github-delivery'),
  },
  '/api/gitea': {
    source: 'gitea',
    okStatus: 202,
    authenticate: (request, body, secret) =>
      verifyGiteaSignature(
        body,
        header(request, 'x-gitea-signature') ?? header(request, 'x-forgejo-signature'),
        secret,
      ),
    parse: (request, body) =>
      parseGitea(header(request, 'x-gitea-event') ?? header(request, 'x-forgejo-event') ?? '', body, null),
    deliveryId: (request) => header(request, 'x-gitea-delivery') ?? header(request, 'x-forgejo-delivery'),
  },
  '/api/gitlab': {
    source: 'gitlab',
    okStatus: 202,
    authenticate: (request, _body, secret) => secretsEqual(header(request, 'x-gitlab-token') ?? '', secret),
    parse: (_request, body) => parseGitlab(body),
    deliveryId: (request) => header(request, 'x-gitlab-event-uuid') ?? header(request, 'idempotency-key'),
  },
};

/** `/api/webhook/<secret>` → the route and the secret in the path; fixed paths have none. */
function findRoute(path: string): { route: Route; pathSecret: string | null } | null {
  const fixed = ROUTES[path];
  if (fixed && fixed.source !== 'ci' && fixed.source !== 'dockerhub')
    return { route: fixed, pathSecret: null };
  for (const prefix of ['/api/webhook/', '/api/dockerhub/']) {
    if (!path.startsWith(prefix)) continue;
    const secret = path.slice(prefix.length);
    const route = ROUTES[prefix.slice(0, -1)];
    if (route && secret !== '' && !secret.includes('/')) return { route, pathSecret: secret };
  }
  return null;
}

export class WebhookListener {
  private server: Server | null = null;
  private tlsReloader: TlsReloader | null = null;
  private readonly limiter: RateLimiter;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly deps: ListenerDeps) {
    this.limiter = new RateLimiter(() => deps.config().ratePerMinute);
  }

  /** Listens on `listen` (TLS when both files are set); rejects with a reason safe to show. */
  async start(listen: string, tls: { cert: string; key: string } | null): Promise<string> {
    await this.stop();
    const handler = (request: IncomingMessage, response: ServerResponse) => this.handle(request, response);
    const server = tls ? createHttpsServer(await readTlsPair(tls), handler) : createServer(handler);
    // Slow-loris and oversized headers: bounded before our code sees the request.
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket: Socket) => {
      socket.on('error', () => socket.destroy());
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (_error, socket) => {
      socket.on('error', () => undefined);
      if (socket.writable)
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    const { host, port } = splitListen(listen);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: NodeJS.ErrnoException) => {
      throw new Error(listenError(error, listen));
    });
    server.on('error', (error) => this.deps.logger.warn('webhook listener error', { error }));
    this.server = server;
    if (tls && server instanceof HttpsServer) {
      this.tlsReloader = new TlsReloader(tls, server, this.deps.logger, this.deps.tlsReloadCheckMs);
      await this.tlsReloader.start();
    }
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `${tls ? 'https' : 'http'}://${shownHost}:${address.port}`;
  }

  async stop(): Promise<void> {
    this.tlsReloader?.stop();
    this.tlsReloader = null;
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    response.on('error', () => undefined);
    this.route(request, response).catch((error: unknown) => {
      if (error instanceof Refusal) {
        // A refused body may still be arriving: close after answering rather than read the rest.
        answer(response, error.status, { error: error.reason }, { ...error.headers, Connection: 'close' });
        return;
      }
      this.deps.logger.error('webhook request failed', { error });
      answer(response, 500, { error: 'internal error' });
    });
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request.url);
    if (path === '/health' && request.method === 'GET') return answer(response, 200, { ok: true });
    if (path === null) return answer(response, 400, { error: 'bad path' });
    if (isDiunApiPath(path)) return this.serveApi(request, response, path);
    const found = findRoute(path);
    if (!found) return answer(response, 404, { error: 'not found' });
    if (request.method !== 'POST') {
      return answer(response, 405, { error: 'method not allowed' }, { Allow: 'POST' });
    }
    return this.intake(request, response, found.route, found.pathSecret);
  }

  private async serveApi(request: IncomingMessage, response: ServerResponse, path: string) {
    const remote = clientAddress(request, this.deps.config().trustedProxies);
    this.limit('diun', remote);
    const token = await this.deps.secrets.get('api');
    const given = (header(request, 'authorization') ?? '').replace(/^Bearer\s+/i, '');
    if (token === null || !secretsEqual(given, token)) {
      return answer(response, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' });
    }
    await serveDiunApi(request, response, path, this.deps.diun);
  }

  private async intake(
    request: IncomingMessage,
    response: ServerResponse,
    route: Route,
    pathSecret: string | null,
  ): Promise<void> {
    const remote = clientAddress(request, this.deps.config().trustedProxies);
    const refuse = (refusal: Refusal): never => {
      this.deps.refuse({ source: route.source, remote, status: refusal.status, reason: refusal.reason });
      throw refusal;
    };
    // 429s are not logged one by one: a flood must not become a flood of rows.
    this.limit(route.source, remote);
    let body: Buffer;
    try {
      requireJson(request);
      body = await readBody(request, this.deps.config().maxBodyBytes);
    } catch (error) {
      return refuse(error instanceof Refusal ? error : new Refusal(400, 'bad request'));
    }
    const secret = await this.deps.secrets.get(route.source);
    if (secret === null || !route.authenticate(request, body, secret, pathSecret)) {
      return refuse(new Refusal(401, 'bad or missing signature or secret'));
    }
    let item: WorkItem | Ignored;
    try {
      item = route.parse(request, parseJsonObject(body));
    } catch (error) {
      return refuse(error instanceof Refusal ? error : new Refusal(400, 'malformed payload'));
    }
    const id = route.deliveryId?.(request);
    const dedupeKey = id
      ? `id:${id.slice(0, 200)}`
      : `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const delivery = this.deps.accept({
      source: route.source,
      remote,
      status: route.okStatus,
      dedupeKey,
      item,
    });
    if (route.source === 'diun') return answer(response, 200);
    answer(response, route.okStatus, { id: delivery.id, state: delivery.state });
  }

  private limit(source: WebhookSource, remote: string): void {
    const wait = this.limiter.take(`${source}|${remote}`, this.deps.clock.now().getTime());
    if (wait !== null) throw new Refusal(429, 'too many requests', { 'Retry-After': String(wait) });
  }
}

function pathOf(url: string | undefined): string | null {
  if (!url || !url.startsWith('/')) return null;
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

export function splitListen(listen: string): { host: string; port: number } {
  const colon = listen.lastIndexOf(':');
  const host = listen.slice(0, colon).replace(/^\[|\]$/g, '');
  return { host: host === '' ? '0.0.0.0' : host, port: Number(listen.slice(colon + 1)) };
}

function listenError(error: NodeJS.ErrnoException, listen: string): string {
  if (error.code === 'EADDRINUSE') return `${listen} is already in use`;
  if (error.code === 'EACCES') return `no permission to listen on ${listen}`;
  if (error.code === 'EADDRNOTAVAIL') return `${listen}: no such address on this machine`;
  return `cannot listen on ${listen} (${error.code ?? 'error'})`;
}

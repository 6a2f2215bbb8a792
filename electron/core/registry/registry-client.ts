import { createHash } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from '../logging/logger';
import { silentLogger } from '../logging/logger';
import { systemClock, type Clock } from '../util/clock';
import { parseAuthChallenge, type AuthChallenge } from './auth-challenge';
import { apiHost } from './image-reference';
import { isIndexMediaType, isManifestMediaType, MANIFEST_ACCEPT, normaliseMediaType } from './media-types';
import { formatPlatform, selectPlatformEntry, type IndexEntry, type Platform } from './platform';
import { RegistryBackoff } from './registry-backoff';
import { RegistryError } from './registry-error';
import { TokenCache } from './token-cache';

export interface RegistryCredentials {
  username: string;
  password: string;
}

/** How to reach one registry: scheme and credentials (the latter read from the secret store). */
export interface RegistryAccess {
  insecure: boolean;
  credentials: RegistryCredentials | null;
}

/** The login as Docker's engine takes it with a pull or a service update (`X-Registry-Auth`). */
export interface EngineAuth extends RegistryCredentials {
  serveraddress: string;
}

/** The saved login for `registry` in the engine's form, or undefined when none is saved (anonymous pull). */
export function engineAuth(access: RegistryAccess, registry: string): EngineAuth | undefined {
  if (!access.credentials) return undefined;
  const { username, password } = access.credentials;
  return { username, password, serveraddress: registry };
}

export interface RegistryAccessProvider {
  access(registry: string): Promise<RegistryAccess>;
}

export interface RegistryClientOptions {
  access: RegistryAccessProvider;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Per request, including the token request. */
  timeoutMs?: number;
  concurrencyPerRegistry?: number;
  logger?: Logger;
  /** Sent on every request, so registry operators can tell who is asking (`Tidewatch/<version>`). */
  userAgent?: string;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
}

/** The digest to compare for one platform; `indexDigest` is set when the tag names a multi-platform index. */
export interface ResolvedDigest {
  digest: string;
  indexDigest: string | null;
  mediaType: string;
}

export interface PingResult {
  auth: 'none' | 'basic' | 'bearer' | 'unknown';
  rateLimitRemaining: number | null;
}

interface RequestSpec {
  registry: string;
  path: string;
  method: 'GET' | 'HEAD';
  accept?: string;
  /** Token scope, e.g. `repository:library/nginx:pull`; absent for the `/v2/` ping. */
  scope?: string;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TAG_PAGES = 50;
const INDEX_CACHE_LIMIT = 500;

/**
 * An OCI distribution client: manifests by HEAD (GET only for indexes), paged tag lists, anonymous /
 * Basic / Bearer auth with tokens cached per scope, per-registry concurrency and back-off. Every
 * failure is a RegistryError whose message is safe to show.
 */
export class RegistryClient {
  readonly backoff: RegistryBackoff;
  readonly tokens: TokenCache;
  private readonly clock: Clock;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly logger: Logger;
  private readonly limits = new Map<string, LimitFunction>();
  /** The last challenge per registry, so later requests authenticate up front instead of taking a 401. */
  private readonly challenges = new Map<string, AuthChallenge>();
  /** Index content never changes for a digest: caching it saves a GET on every later cycle. */
  private readonly indexCache = new Map<string, Promise<IndexEntry[]>>();

  private requests = 0;

  /** Requests sent so far (token requests included): a check reports what it cost. */
  get requestCount(): number {
    return this.requests;
  }

  constructor(private readonly options: RegistryClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.concurrency = options.concurrencyPerRegistry ?? 4;
    this.logger = options.logger ?? silentLogger;
    this.backoff = new RegistryBackoff(this.clock);
    this.tokens = new TokenCache(this.clock);
  }

  /** Forget cached auth for a registry (its settings changed). */
  forget(registry: string): void {
    this.challenges.delete(registry);
    this.tokens.forget(registry);
  }

  /** `GET /v2/` with auth: proves the registry answers and the credentials work. */
  async ping(registry: string, signal?: AbortSignal): Promise<PingResult> {
    const response = await this.request({ registry, path: '/v2/', method: 'GET', signal });
    await response.body?.cancel();
    const scheme = this.challenges.get(registry)?.scheme ?? 'none';
    return { auth: scheme, rateLimitRemaining: readRemaining(response) };
  }

  async headManifest(
    registry: string,
    repository: string,
    reference: string,
    signal?: AbortSignal,
  ): Promise<ManifestHead> {
    const response = await this.request({
      registry,
      path: manifestPath(repository, reference),
      method: 'HEAD',
      accept: MANIFEST_ACCEPT,
      scope: pullScope(repository),
      signal,
    });
    const digest = response.headers.get('docker-content-digest');
    const mediaType = normaliseMediaType(response.headers.get('content-type'));
    // Some registries omit the digest on HEAD; then the body must be read to know it.
    if (digest === null || !/^sha256:[a-f0-9]{64}$/.test(digest)) {
      const manifest = await this.getManifest(registry, repository, reference, signal);
      return { digest: manifest.digest, mediaType: manifest.mediaType };
    }
    return { digest, mediaType };
  }

  async getManifest(
    registry: string,
    repository: string,
    reference: string,
    signal?: AbortSignal,
  ): Promise<{ digest: string; mediaType: string; body: unknown }> {
    const response = await this.request({
      registry,
      path: manifestPath(repository, reference),
      method: 'GET',
      accept: MANIFEST_ACCEPT,
      scope: pullScope(repository),
      signal,
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const digest =
      response.headers.get('docker-content-digest') ??
      `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new RegistryError('bad-manifest', `The manifest of ${repository}:${reference} is not JSON`);
    }
    const declared = (body as { mediaType?: unknown }).mediaType;
    const mediaType = normaliseMediaType(
      response.headers.get('content-type') ?? (typeof declared === 'string' ? declared : null),
    );
    return { digest, mediaType, body };
  }

  /**
   * The digest a container of `platform` would get for `tag`: one HEAD; for an index, its platform entry
   * (GET once per index digest, then cached).
   */
  async resolveDigest(
    registry: string,
    repository: string,
    tag: string,
    platform: Platform,
    signal?: AbortSignal,
  ): Promise<ResolvedDigest> {
    const head = await this.headManifest(registry, repository, tag, signal);
    return this.resolveFromHead(registry, repository, tag, head, platform, signal);
  }

  /** The platform digest for an already fetched HEAD (callers that share one HEAD across platforms). */
  async resolveFromHead(
    registry: string,
    repository: string,
    tag: string,
    head: ManifestHead,
    platform: Platform,
    signal?: AbortSignal,
  ): Promise<ResolvedDigest> {
    if (isManifestMediaType(head.mediaType))
      return { digest: head.digest, indexDigest: null, mediaType: head.mediaType };
    if (!isIndexMediaType(head.mediaType)) {
      throw new RegistryError(
        'bad-manifest',
        `${repository}:${tag} has an unsupported media type "${head.mediaType}"`,
      );
    }
    const entries = await this.indexEntries(registry, repository, head.digest, signal);
    const entry = selectPlatformEntry(entries, platform);
    if (!entry) {
      throw new RegistryError(
        'not-found',
        `${repository}:${tag} has no image for ${formatPlatform(platform)}`,
      );
    }
    return { digest: entry.digest, indexDigest: head.digest, mediaType: head.mediaType };
  }

  /** All tags of a repository, following `Link: <…>; rel="next"` pages. */
  async listTags(registry: string, repository: string, signal?: AbortSignal): Promise<string[]> {
    const tags: string[] = [];
    let path: string | null = `/v2/${repository}/tags/list?n=1000`;
    for (let page = 0; path !== null && page < MAX_TAG_PAGES; page += 1) {
      const response = await this.request({
        registry,
        path,
        method: 'GET',
        scope: pullScope(repository),
        signal,
      });
      const body = (await response.json().catch(() => null)) as { tags?: unknown } | null;
      if (body === null || (body.tags !== null && body.tags !== undefined && !Array.isArray(body.tags))) {
        throw new RegistryError('bad-manifest', `The tag list of ${repository} is not valid JSON`);
      }
      for (const tag of (body.tags as unknown[] | null | undefined) ?? [])
        if (typeof tag === 'string') tags.push(tag);
      path = nextPagePath(response.headers.get('link'), apiHost(registry));
    }
    return tags;
  }

  /** Index entries by digest; concurrent checks of several platforms share one GET. */
  private indexEntries(
    registry: string,
    repository: string,
    digest: string,
    signal?: AbortSignal,
  ): Promise<IndexEntry[]> {
    const cached = this.indexCache.get(digest);
    if (cached) return cached;
    const pending = this.fetchIndexEntries(registry, repository, digest, signal);
    if (this.indexCache.size >= INDEX_CACHE_LIMIT) {
      const oldest = this.indexCache.keys().next().value;
      if (oldest !== undefined) this.indexCache.delete(oldest);
    }
    this.indexCache.set(digest, pending);
    // A failed fetch must not stay cached: the next check tries again.
    pending.catch(() => this.indexCache.delete(digest));
    return pending;
  }

  private async fetchIndexEntries(
    registry: string,
    repository: string,
    digest: string,
    signal?: AbortSignal,
  ): Promise<IndexEntry[]> {
    const manifest = await this.getManifest(registry, repository, digest, signal);
    const list = (manifest.body as { manifests?: unknown } | null)?.manifests;
    if (!Array.isArray(list))
      throw new RegistryError('bad-manifest', `The index ${digest} lists no manifests`);
    return list.filter(
      (entry): entry is IndexEntry => typeof (entry as IndexEntry | null)?.digest === 'string',
    );
  }

  // ---------- transport: back-off, concurrency, auth ----------

  private async request(spec: RequestSpec): Promise<Response> {
    const blocked = this.backoff.blockedUntil(spec.registry);
    if (blocked) throw rateLimitedError(spec.registry, blocked);
    return this.limitFor(spec.registry)(() => this.authenticatedRequest(spec));
  }

  private limitFor(registry: string): LimitFunction {
    let limit = this.limits.get(registry);
    if (!limit) {
      limit = pLimit(this.concurrency);
      this.limits.set(registry, limit);
    }
    return limit;
  }

  private async authenticatedRequest(spec: RequestSpec): Promise<Response> {
    // Another request may have hit a 429 while this one waited for its turn.
    const blocked = this.backoff.blockedUntil(spec.registry);
    if (blocked) throw rateLimitedError(spec.registry, blocked);
    const access = await this.options.access.access(spec.registry);
    const known = this.challenges.get(spec.registry);
    let authorization = known ? await this.authorizationFor(spec, known, access, false) : null;
    let response = await this.send(spec, access, authorization);
    if (response.status === 401) {
      await response.body?.cancel();
      const challenge = parseAuthChallenge(response.headers.get('www-authenticate'));
      if (!challenge || challenge.scheme === 'unknown') {
        throw new RegistryError(
          'unauthorized',
          `${spec.registry} refused access and offers no usable login`,
          null,
          401,
        );
      }
      const retried = known !== undefined && known.scheme === challenge.scheme;
      this.challenges.set(spec.registry, challenge);
      if (challenge.scheme === 'basic' && (!access.credentials || (retried && authorization !== null))) {
        throw unauthorized(spec.registry, access);
      }
      authorization = await this.authorizationFor(spec, challenge, access, true);
      response = await this.send(spec, access, authorization);
      if (response.status === 401) {
        await response.body?.cancel();
        this.tokens.forget(spec.registry);
        throw unauthorized(spec.registry, access);
      }
    }
    return this.checkStatus(spec, response);
  }

  private async checkStatus(spec: RequestSpec, response: Response): Promise<Response> {
    this.backoff.recordRemaining(spec.registry, response.headers.get('ratelimit-remaining'));
    if (response.ok) {
      this.backoff.succeeded(spec.registry);
      return response;
    }
    await response.body?.cancel();
    const { status } = response;
    if (status === 429) {
      const until = this.backoff.rateLimited(spec.registry, response.headers.get('retry-after'));
      throw rateLimitedError(spec.registry, until, 429);
    }
    if (status >= 500) {
      const until = this.backoff.serverError(spec.registry, response.headers.get('retry-after'));
      throw new RegistryError(
        'unreachable',
        `${spec.registry} answered ${status}; next try after ${until.toISOString()}`,
        until,
        status,
      );
    }
    if (status === 404)
      throw new RegistryError('not-found', `${describe(spec)} was not found on ${spec.registry}`, null, 404);
    if (status === 403)
      throw new RegistryError(
        'unauthorized',
        `${spec.registry} denied access to ${describe(spec)}`,
        null,
        403,
      );
    throw new RegistryError(
      'error',
      `${spec.registry} answered ${status} for ${describe(spec)}`,
      null,
      status,
    );
  }

  private async authorizationFor(
    spec: RequestSpec,
    challenge: AuthChallenge,
    access: RegistryAccess,
    fresh: boolean,
  ): Promise<string | null> {
    if (challenge.scheme === 'basic') return access.credentials ? basicHeader(access.credentials) : null;
    if (challenge.scheme !== 'bearer') return null;
    const scope = spec.scope ?? '';
    const cached = fresh ? null : this.tokens.get(spec.registry, scope);
    if (cached) return `Bearer ${cached}`;
    const token = await this.fetchToken(spec, challenge, access);
    return `Bearer ${token}`;
  }

  private async fetchToken(
    spec: RequestSpec,
    challenge: AuthChallenge,
    access: RegistryAccess,
  ): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm)
      throw new RegistryError('unauthorized', `${spec.registry} asks for a token but names no realm`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError('unauthorized', `${spec.registry} names an invalid token realm`);
    }
    // Credentials must not travel in clear text to a token server unless the user allowed plain HTTP.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && access.insecure)) {
      throw new RegistryError('unauthorized', `${spec.registry} names a token realm that is not HTTPS`);
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    if (spec.scope) url.searchParams.set('scope', spec.scope);
    const headers: Record<string, string> = {};
    if (access.credentials) headers.authorization = basicHeader(access.credentials);
    const response = await this.fetchWithTimeout(url, { method: 'GET', headers }, spec);
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw unauthorized(spec.registry, access);
    }
    if (response.status === 429) {
      await response.body?.cancel();
      const until = this.backoff.rateLimited(spec.registry, response.headers.get('retry-after'));
      throw rateLimitedError(spec.registry, until, 429);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(
        'unreachable',
        `The token server of ${spec.registry} answered ${response.status}`,
      );
    }
    const body = (await response.json().catch(() => null)) as {
      token?: unknown;
      access_token?: unknown;
      expires_in?: unknown;
    } | null;
    const token = typeof body?.token === 'string' ? body.token : body?.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new RegistryError('unauthorized', `The token server of ${spec.registry} returned no token`);
    }
    const expires = typeof body?.expires_in === 'number' ? body.expires_in : undefined;
    this.tokens.set(spec.registry, spec.scope ?? '', token, expires);
    return token;
  }

  private send(spec: RequestSpec, access: RegistryAccess, authorization: string | null): Promise<Response> {
    const scheme = access.insecure ? 'http' : 'https';
    const url = new URL(`${scheme}://${apiHost(spec.registry)}${spec.path}`);
    const headers: Record<string, string> = {};
    if (spec.accept) headers.accept = spec.accept;
    if (authorization) headers.authorization = authorization;
    return this.fetchWithTimeout(url, { method: spec.method, headers, redirect: 'follow' }, spec);
  }

  private async fetchWithTimeout(url: URL, init: RequestInit, spec: RequestSpec): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    this.requests += 1;
    const headers = { ...(init.headers as Record<string, string> | undefined) };
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent;
    try {
      return await this.fetchImpl(url, { ...init, headers, signal });
    } catch (error) {
      if (spec.signal?.aborted) throw new RegistryError('cancelled', 'The check was cancelled');
      if (timeout.aborted) {
        throw new RegistryError(
          'timeout',
          `${url.host} did not answer within ${Math.round(this.timeoutMs / 1000)} s`,
        );
      }
      const code = networkCode(error);
      this.logger.debug('registry request failed', { registry: spec.registry, host: url.host, code });
      throw new RegistryError('unreachable', `Cannot reach ${url.host}: ${describeNetworkCode(code)}`);
    }
  }
}

function manifestPath(repository: string, reference: string): string {
  return `/v2/${repository}/manifests/${reference}`;
}

function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

function basicHeader(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

function describe(spec: RequestSpec): string {
  return (
    spec.path
      .replace(/\?.*$/, '')
      .replace(/^\/v2\//, '')
      .replace(/\/$/, '') || 'the API'
  );
}

function unauthorized(registry: string, access: RegistryAccess): RegistryError {
  const why = access.credentials ? 'the stored credentials were refused' : 'it needs credentials';
  return new RegistryError('unauthorized', `${registry} refused access: ${why}`, null, 401);
}

function rateLimitedError(registry: string, until: Date, status: number | null = null): RegistryError {
  return new RegistryError(
    'rate-limited',
    `${registry} is rate limited until ${until.toISOString()}`,
    until,
    status,
  );
}

function readRemaining(response: Response): number | null {
  const value = Number.parseInt(response.headers.get('ratelimit-remaining') ?? '', 10);
  return Number.isFinite(value) ? value : null;
}

/** `<…>; rel="next"` → the path of the next page, only if it stays on the same API (never another host). */
export function nextPagePath(link: string | null, host: string): string | null {
  if (!link) return null;
  const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link);
  if (!match?.[1]) return null;
  const target = new URL(match[1], 'http://registry.invalid');
  const sameHost = target.host === 'registry.invalid' || target.host === host;
  if (!sameHost || !target.pathname.startsWith('/v2/')) return null;
  return `${target.pathname}${target.search}`;
}

/** What a socket or TLS error code means for the user, and what to do; the code stays as a detail. */
export function describeNetworkCode(code: string | null): string {
  const known: Record<string, string> = {
    EHOSTUNREACH: 'there is no route to it (it is down, or the address is wrong)',
    ENETUNREACH: 'the network it is on cannot be reached from this machine',
    ECONNREFUSED: 'the connection was refused (nothing listens on that port)',
    ECONNRESET: 'it closed the connection',
    ETIMEDOUT: 'the connection timed out',
    ENOTFOUND: 'its name does not resolve (check the spelling, or DNS)',
    EAI_AGAIN: 'its name could not be resolved (DNS did not answer)',
    ERR_SSL_WRONG_VERSION_NUMBER: 'it answers in plain HTTP, not HTTPS: mark the registry as insecure (HTTP)',
    ERR_SSL_PACKET_LENGTH_TOO_LONG:
      'it answers in plain HTTP, not HTTPS: mark the registry as insecure (HTTP)',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed and not trusted by this machine',
    SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is not trusted by this machine',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
    ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another name',
  };
  if (code === null) return 'the connection failed';
  return `${known[code] ?? 'the connection failed'} [${code}]`;
}

function networkCode(error: unknown): string | null {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : null;
}

import { AppError } from '@shared/rpc/errors';
import type {
  DockerConfigImportResult,
  Registry,
  RegistryCreate,
  RegistryTestInput,
  RegistryTestResult,
  RegistryUpdate,
} from '@shared/schemas/registries';
import type { Logger } from '../logging/logger';
import { secretKey, type SecretStore } from '../secrets/secret-store';
import type { Clock } from '../util/clock';
import { defaultDockerConfigPath, readDockerConfig } from './docker-config';
import { normalizeRegistryHost } from './image-reference';
import { RegistryClient, type RegistryAccess, type RegistryAccessProvider } from './registry-client';
import { RegistryError } from './registry-error';
import type { RegistryRepository } from './registry-repository';

export interface RegistryServiceDeps {
  repository: RegistryRepository;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  /** Builds a client for a given access provider (the shared one, or a throwaway for "test before save"). */
  createClient: (access: RegistryAccessProvider) => RegistryClient;
}

/**
 * Registry settings: rows in SQLite, passwords/tokens in the secret store under `tidewatch:registry:<id>`.
 * Also the access provider of the shared registry client, so checks use what the user configured.
 */
export class RegistryService implements RegistryAccessProvider {
  readonly client: RegistryClient;
  private readonly accessCache = new Map<string, RegistryAccess>();

  constructor(private readonly deps: RegistryServiceDeps) {
    this.client = deps.createClient(this);
  }

  list(): Registry[] {
    return this.deps.repository.list();
  }

  async create(input: RegistryCreate): Promise<Registry> {
    const host = normalizeRegistryHost(input.host);
    if (this.deps.repository.byHost(host))
      throw new AppError('CONFLICT', `A registry for ${host} already exists`);
    if (input.password && !input.username) throw new AppError('VALIDATION', 'A password needs a username');
    const registry = this.deps.repository.insert(
      {
        name: input.name ?? host,
        host,
        username: input.username ?? null,
        hasSecret: false,
        insecure: input.insecure,
      },
      this.deps.clock.now(),
    );
    if (input.password) {
      try {
        await this.storeSecret(registry, input.password);
      } catch (error) {
        // The keychain cannot run inside the SQLite transaction: undo the row so nothing is half saved.
        this.deps.repository.remove(registry.id);
        throw error;
      }
    }
    this.invalidate(host);
    this.deps.logger.info('registry added', { registryId: registry.id, host });
    return this.require(registry.id);
  }

  async update(input: RegistryUpdate): Promise<Registry> {
    const current = this.require(input.id);
    const host = input.host === undefined ? current.host : normalizeRegistryHost(input.host);
    const other = this.deps.repository.byHost(host);
    if (other && other.id !== current.id)
      throw new AppError('CONFLICT', `A registry for ${host} already exists`);
    const username = input.username === undefined ? current.username : input.username;
    // The secret first: if the store refuses it, the row is not changed either.
    let hasSecret = current.hasSecret;
    if (typeof input.password === 'string' && username !== null) {
      await this.deps.secrets.set(secretKey('registry', current.id), input.password);
      hasSecret = true;
    }
    this.deps.repository.update(current.id, {
      name: input.name ?? current.name,
      host,
      username,
      hasSecret,
      insecure: input.insecure ?? current.insecure,
    });
    if (input.password === null || (username === null && current.hasSecret))
      await this.deleteSecret(current.id);
    this.invalidate(current.host);
    this.invalidate(host);
    return this.require(current.id);
  }

  async remove(id: number): Promise<{ id: number }> {
    const registry = this.require(id);
    await this.deleteSecret(id);
    this.deps.repository.remove(id);
    this.invalidate(registry.host);
    return { id };
  }

  /** Pings `/v2/` with the saved or the given settings; never throws for registry-side failures. */
  async test(input: RegistryTestInput): Promise<RegistryTestResult> {
    const started = performance.now();
    let host: string;
    let client: RegistryClient;
    if ('id' in input) {
      host = this.require(input.id).host;
      this.invalidate(host);
      client = this.client;
    } else {
      host = normalizeRegistryHost(input.host);
      const access: RegistryAccess = {
        insecure: input.insecure,
        credentials:
          input.username && input.password ? { username: input.username, password: input.password } : null,
      };
      client = this.deps.createClient({ access: async () => access });
    }
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const ping = await client.ping(host);
      return {
        status: 'ok',
        auth: ping.auth,
        message: `${host} answered${ping.auth === 'none' ? ' (anonymous access)' : ` (${ping.auth} auth accepted)`}`,
        rateLimitRemaining: ping.rateLimitRemaining,
        durationMs: elapsed(),
      };
    } catch (error) {
      return { ...describeFailure(error), auth: 'unknown', rateLimitRemaining: null, durationMs: elapsed() };
    }
  }

  /** Lists the logins of a docker config.json; creates registries for `importHosts`. */
  async importDockerConfig(input: { importHosts?: string[] }): Promise<DockerConfigImportResult> {
    const path = defaultDockerConfigPath();
    const entries = await readDockerConfig(path);
    const wanted = new Set((input.importHosts ?? []).map((host) => normalizeRegistryHost(host)));
    const imported: Registry[] = [];
    for (const entry of entries) {
      if (!wanted.has(entry.host) || entry.problem || this.deps.repository.byHost(entry.host)) continue;
      imported.push(
        await this.create({
          host: entry.host,
          username: entry.username ?? undefined,
          password: entry.password ?? undefined,
          insecure: false,
        }),
      );
    }
    const candidates = entries.map((entry) => ({
      host: entry.host,
      username: entry.username,
      hasSecret: entry.password !== null,
      alreadyConfigured: this.deps.repository.byHost(entry.host) !== null,
      problem: entry.problem,
    }));
    return { path, candidates, imported };
  }

  /** RegistryAccessProvider: what the client needs for `registry` (unknown registries: anonymous HTTPS). */
  async access(registry: string): Promise<RegistryAccess> {
    const cached = this.accessCache.get(registry);
    if (cached) return cached;
    const row = this.deps.repository.byHost(registry);
    let credentials: RegistryAccess['credentials'] = null;
    if (row?.username && row.hasSecret) {
      const password = await this.deps.secrets.get(secretKey('registry', row.id));
      if (password !== null) credentials = { username: row.username, password };
    }
    const access = { insecure: row?.insecure ?? false, credentials };
    this.accessCache.set(registry, access);
    return access;
  }

  private require(id: number): Registry {
    const registry = this.deps.repository.get(id);
    if (!registry) throw new AppError('NOT_FOUND', `Registry ${id} does not exist`);
    return registry;
  }

  private async storeSecret(registry: Registry, password: string): Promise<void> {
    await this.deps.secrets.set(secretKey('registry', registry.id), password);
    const row = this.require(registry.id);
    this.deps.repository.update(row.id, { ...row, hasSecret: true });
  }

  private async deleteSecret(id: number): Promise<void> {
    await this.deps.secrets.delete(secretKey('registry', id));
    const row = this.deps.repository.get(id);
    if (row) this.deps.repository.update(id, { ...row, hasSecret: false });
  }

  private invalidate(host: string): void {
    this.accessCache.delete(host);
    this.client.forget(host);
  }
}

function describeFailure(error: unknown): Pick<RegistryTestResult, 'status' | 'message'> {
  if (!(error instanceof RegistryError)) return { status: 'error', message: 'The test failed unexpectedly' };
  switch (error.failure) {
    case 'unauthorized':
      return { status: 'unauthorized', message: error.message };
    case 'rate-limited':
      return { status: 'rate-limited', message: error.message };
    case 'unreachable':
    case 'timeout':
      return { status: 'unreachable', message: error.message };
    default:
      return { status: 'error', message: error.message };
  }
}

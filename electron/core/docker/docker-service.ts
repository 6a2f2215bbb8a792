/**
 * DockerService: the Docker engines of all saved hosts, each reached over its host's one SSH connection.
 *
 * API for other core services (the update poller, the deployer) — small and stable:
 *   listContainers(hostId): Promise<Container[]>
 *       Every container (running or not) with image, imageId, state, health, compose labels and the
 *       image's RepoDigests. Connects on demand; throws AppError UNAVAILABLE with the host's reason when the
 *       host or its engine cannot be reached.
 *   getImageDigests(hostId, imageId): Promise<string[]>
 *       RepoDigests (`repo@sha256:…`) of one local image; [] for an image never pulled from a registry;
 *       NOT_FOUND when the image is gone.
 *   engine(hostId): Promise<Engine>
 *       The dockerode instance for anything else (pull, create, exec), from the host connectivity service.
 *       Do not cache it across calls: after a reconnect the host gets a new one.
 *
 * Connecting, checking Docker and retrying are the host connectivity service's work
 * (electron/core/connectivity/); this service is its EngineListener: when a host's engine is ready it
 * follows the engine's event stream (which drives `containers.changed`) and resumes log streams, and when
 * the connection is lost it stops the one, suspends the others and ends the host's exec sessions.
 */
import { AppError } from '@shared/rpc/errors';
import type { Container, EngineInfo, LogsStartInput } from '@shared/schemas/containers';
import type { DockerTransport } from '@shared/schemas/hosts';
import type { EngineLink, EngineListener } from '../connectivity/host-connectivity';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import { systemTimers, type Timers } from '../util/timers';
import { toContainer, toEngineInfo, type RawContainer, type RawEngineInfo } from './container-mapper';
import { ContainerEventsWatcher } from './container-events';
import { openEngine, type Engine } from './docker-engine';
import { dockerError, isNotModified } from './docker-errors';
import { ExecSessions } from './exec-sessions';
import { LogStreams } from './log-streams';

/** Where engines come from: the host connectivity service (it connects, checks Docker and retries). */
export interface EngineSource {
  engine(hostId: string): Promise<Engine>;
}

export interface DockerServiceDeps {
  connectivity: EngineSource;
  events: EventBus;
  logger: Logger;
  /** The host's display name for messages. */
  hostName: (hostId: string) => string;
  timers?: Timers;
}

export class DockerService implements EngineListener<Engine> {
  private readonly watchers = new Map<string, ContainerEventsWatcher>();
  readonly logs: LogStreams;
  readonly exec: ExecSessions;

  constructor(private readonly deps: DockerServiceDeps) {
    this.logs = new LogStreams({
      engine: (hostId) => this.engine(hostId),
      emitLines: (event, owner) => deps.events.emit('containers.logs', event, owner ?? undefined),
      emitEnd: (event, owner) => deps.events.emit('containers.logs.end', event, owner ?? undefined),
      logger: deps.logger,
    });
    this.exec = new ExecSessions({
      engine: (hostId) => this.engine(hostId),
      emitOutput: (event, owner) => deps.events.emit('exec.output', event, owner ?? undefined),
      emitEnd: (event, owner) => deps.events.emit('exec.end', event, owner ?? undefined),
      logger: deps.logger.child({ part: 'exec' }),
    });
  }

  // ---------- EngineListener ----------

  connected(hostId: string, engine: Engine): void {
    const watcher = this.watcher(hostId);
    // A watcher that followed an earlier connection may have missed events while the host was away.
    const reconnect = watcher.hasFollowed;
    watcher.start(engine, reconnect);
    this.logs.resumeHost(hostId);
  }

  lost(hostId: string): void {
    this.watchers.get(hostId)?.stop();
    // Following log streams wait for the host to come back and resume by themselves.
    this.logs.suspendHost(hostId, `The connection to ${this.deps.hostName(hostId)} was lost`);
    // A shell cannot be resumed: it ends, and the user opens a new one when the host is back.
    this.exec.endHost(hostId, `The connection to ${this.deps.hostName(hostId)} was lost`);
  }

  // ---------- engines ----------

  /** The host's engine, connecting first if needed (UNAVAILABLE with the host's reason otherwise). */
  engine(hostId: string): Promise<Engine> {
    return this.deps.connectivity.engine(hostId);
  }

  /** A one-off Docker check on a connection the pool does not keep (testConnection). */
  async checkOnce(
    link: EngineLink,
    dockerSocket: string,
    hostName: string,
  ): Promise<
    | { ok: true; serverVersion: string; apiVersion: string; transport: DockerTransport; socketPath: string }
    | { ok: false; reason: string }
  > {
    const result = await openEngine(link, dockerSocket, hostName);
    if (!result.ok) return result;
    try {
      const version = (await result.engine.docker.version()) as { Version?: string; ApiVersion?: string };
      return {
        ok: true,
        serverVersion: version.Version ?? '',
        apiVersion: version.ApiVersion ?? '',
        transport: result.engine.transport,
        socketPath: result.engine.socketPath,
      };
    } catch (error) {
      return { ok: false, reason: dockerError(error, 'Docker version').message };
    } finally {
      result.engine.close();
    }
  }

  // ---------- queries ----------

  async info(hostId: string): Promise<EngineInfo> {
    const engine = await this.engine(hostId);
    try {
      const [info, version] = await Promise.all([engine.docker.info(), engine.docker.version()]);
      return toEngineInfo(
        hostId,
        info as RawEngineInfo,
        version as { ApiVersion?: string; Version?: string },
        engine.transport,
      );
    } catch (error) {
      throw dockerError(error, 'Docker info');
    }
  }

  async listContainers(hostId: string): Promise<Container[]> {
    const engine = await this.engine(hostId);
    try {
      const [containers, images] = await Promise.all([
        engine.docker.listContainers({ all: true }),
        engine.docker.listImages({ all: false }),
      ]);
      const digests = new Map(images.map((image) => [image.Id, image.RepoDigests ?? []]));
      const raws = await Promise.all(
        (containers as RawContainer[]).map((raw) => withConfiguredImage(engine, raw)),
      );
      return raws
        .map((raw) => toContainer(hostId, raw, digests.get(raw.ImageID ?? '') ?? []))
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      throw dockerError(error, 'Listing containers');
    }
  }

  async getImageDigests(hostId: string, imageId: string): Promise<string[]> {
    const engine = await this.engine(hostId);
    try {
      const image = (await engine.docker.getImage(imageId).inspect()) as { RepoDigests?: string[] };
      return image.RepoDigests ?? [];
    } catch (error) {
      throw dockerError(error, `Image ${imageId}`);
    }
  }

  async container(hostId: string, containerId: string): Promise<Container> {
    const engine = await this.engine(hostId);
    const inspect = await engine.docker
      .getContainer(containerId)
      .inspect()
      .catch((error: unknown) => {
        throw dockerError(error, `Container ${containerId}`);
      });
    const [raw] = (await engine.docker.listContainers({
      all: true,
      filters: { id: [inspect.Id] },
    })) as RawContainer[];
    if (!raw) throw new AppError('NOT_FOUND', `Container ${containerId} is gone`);
    const digests = await this.getImageDigests(hostId, inspect.Image).catch(() => []);
    return toContainer(hostId, raw, digests);
  }

  // ---------- actions ----------

  async start(hostId: string, containerId: string): Promise<Container> {
    await this.act(hostId, containerId, 'Starting', (engine) =>
      engine.docker.getContainer(containerId).start(),
    );
    return this.container(hostId, containerId);
  }

  async stop(hostId: string, containerId: string, timeoutSeconds?: number): Promise<Container> {
    await this.act(hostId, containerId, 'Stopping', (engine) =>
      engine.docker.getContainer(containerId).stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }),
    );
    return this.container(hostId, containerId);
  }

  async restart(hostId: string, containerId: string, timeoutSeconds?: number): Promise<Container> {
    await this.act(hostId, containerId, 'Restarting', (engine) =>
      engine.docker
        .getContainer(containerId)
        .restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }),
    );
    return this.container(hostId, containerId);
  }

  /** Refuses a running container unless `force` (CONFLICT), like `docker rm` without -f. */
  async remove(
    hostId: string,
    containerId: string,
    options: { force: boolean; removeVolumes: boolean },
  ): Promise<string> {
    const engine = await this.engine(hostId);
    const container = engine.docker.getContainer(containerId);
    const inspect = await container.inspect().catch((error: unknown) => {
      throw dockerError(error, `Container ${containerId}`);
    });
    const name = inspect.Name.replace(/^\//, '');
    if (inspect.State.Running && !options.force) {
      throw new AppError('CONFLICT', `Container ${name} is running: stop it first, or remove it with force`);
    }
    await container.remove({ force: options.force, v: options.removeVolumes }).catch((error: unknown) => {
      throw dockerError(error, `Removing ${name}`);
    });
    return inspect.Id;
  }

  startLogs(input: LogsStartInput, owner: string | null = null): Promise<{ streamId: string }> {
    return this.logs.start(input, owner);
  }

  close(): void {
    this.logs.stopAll();
    this.exec.closeAll('Tidewatch stopped');
    for (const watcher of this.watchers.values()) watcher.stop();
  }

  /** The host was removed: its log streams end (nothing will resume them), its watcher is forgotten. */
  forget(hostId: string): void {
    this.lost(hostId);
    this.logs.endHost(hostId, `${this.deps.hostName(hostId)} was removed`);
    this.watchers.delete(hostId);
  }

  private async act(
    hostId: string,
    containerId: string,
    verb: string,
    action: (engine: Engine) => Promise<unknown>,
  ) {
    const engine = await this.engine(hostId);
    try {
      await action(engine);
    } catch (error) {
      if (isNotModified(error)) return;
      throw dockerError(error, `${verb} ${containerId}`);
    }
  }

  private watcher(hostId: string): ContainerEventsWatcher {
    let watcher = this.watchers.get(hostId);
    if (!watcher) {
      watcher = new ContainerEventsWatcher(
        hostId,
        (event) => this.deps.events.emit('containers.changed', event),
        this.deps.logger.child({ hostId }),
        this.deps.timers ?? systemTimers,
      );
      this.watchers.set(hostId, watcher);
    }
    return watcher;
  }
}

/**
 * The list API shows the image id instead of the reference once the tag moved to another image (after a
 * pull). The reference the container was created from (Config.Image) is what update checks need.
 */
async function withConfiguredImage(engine: Engine, raw: RawContainer): Promise<RawContainer> {
  const image = raw.Image ?? '';
  if (!/^(sha256:)?[0-9a-f]{12,64}$/.test(image)) return raw;
  try {
    const inspect = await engine.docker.getContainer(raw.Id).inspect();
    return { ...raw, Image: inspect.Config.Image || image };
  } catch {
    return raw;
  }
}

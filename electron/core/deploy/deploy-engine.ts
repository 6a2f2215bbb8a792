/**
 * The deploy engine: the one place where a container is updated. A deploy is a journaled state machine
 * (lock → resolve → pull → snapshot → stage → start → health → watch → retire → done, or → rollback);
 * each step is written to the journal before it runs, so a rollback or a recovery after a crash works from
 * the journal alone. This file runs the steps; the snapshot, the journal and the health gate are their own.
 */
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type Docker from 'dockerode';
import { AppError } from '@shared/rpc/errors';
import type { Deploy, DeployProgress, DeployStartInput, DeployStep } from '@shared/schemas/deploys';
import type { Engine } from '../docker/docker-engine';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import { formatReference, parseImageReference, type ImageReference } from '../registry/image-reference';
import { engineAuth, type RegistryAccess } from '../registry/registry-client';
import type { Platform } from '../registry/platform';
import { endpointConfig, recreatePlan, takeSnapshot, type ContainerSnapshot } from './container-snapshot';
import type { DeployJournal, JournalEntry } from './deploy-journal';
import { passHealthGate, watchPeriod, type HealthGateOptions } from './health-gate';
import { probeHttp } from './http-probe';
import { BlueGreenSteps } from './blue-green-steps';
import {
  Cancelled,
  DEFAULT_TIMING,
  ignoreNotFound,
  ignoreNotModified,
  platformOf,
  reasonOf,
  statusOf,
  type DeployTiming,
  type Run,
} from './deploy-run';
import { rollBackBlueGreen, type BlueGreenPlan } from './blue-green';
import type { ProxyProvider } from '../proxy/proxy-provider';

export interface DeployEngineDeps {
  journal: DeployJournal;
  /** Throws NOT_FOUND for a host id the core does not know. */
  requireHost: (hostId: string) => void;
  /** The host's Docker engine (the host connectivity service's `engine`). */
  engine: (hostId: string) => Promise<Engine>;
  /** The host's SSH connection (connectivity's `acquire`), for HTTP health probes through a direct-tcpip channel. */
  /** A stream to `address:port` as the host sees it (over its SSH connection, or locally for a local host). */
  dial: (hostId: string, address: string, port: number) => Promise<Duplex>;
  resolveDigest: (ref: ImageReference, platform: Platform, signal: AbortSignal) => Promise<string>;
  registryAccess: (registry: string) => Promise<RegistryAccess>;
  events: EventBus;
  logger: Logger;
  timing?: Partial<DeployTiming>;
  /** How many replaced containers per container stay on the host, stopped (the setting; default none). */
  keepOldContainers?: () => number;
  /**
   * Deploys a name that is not a container on the host some other way (a Swarm service): null when it is not
   * one either, and the container's NOT_FOUND stands.
   */
  otherTarget?: (input: DeployStartInput) => Promise<{ deploy: Deploy; finished: Promise<Deploy> } | null>;
  /** The host's reverse proxy, for crash recovery of blue-green deploys (routes they created). */
  proxyFor?: (hostId: string) => Promise<ProxyProvider>;
}

/** Where the old container waits while the new one proves itself. */
export const OLD_SUFFIX = '.tidewatch-old';

export class DeployEngine {
  private readonly runs = new Map<number, Run>();
  private readonly finishedListeners = new Set<(deploy: Deploy) => void>();
  /** One deploy at a time per host (a bulk update goes container by container), a few hosts at once. */
  private readonly hostQueues = new Map<string, LimitFunction>();
  private readonly fleet: LimitFunction;
  /** Deploys being recovered now (a host that connects twice quickly must not recover one twice). */
  private readonly recovering = new Set<number>();
  private readonly timing: DeployTiming;
  private readonly blueGreen: BlueGreenSteps;

  constructor(private readonly deps: DeployEngineDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.fleet = pLimit(this.timing.parallelHosts);
    this.blueGreen = new BlueGreenSteps({
      journal: deps.journal,
      timing: this.timing,
      engine: deps.engine,
      resolveDigest: deps.resolveDigest,
      proxyFor: deps.proxyFor,
      step: (run, next, detail) => this.step(run, next, detail),
      pull: (run, docker, ref, image, digest) => this.pull(run, docker, ref, image, digest),
      gateOptions: (run, info) => this.gateOptions(run, info),
    });
  }

  /**
   * Checks the container exists (NOT_FOUND otherwise), opens the deploy (BUSY when the container has one
   * running) and runs it in the background; `finished` settles with the final record.
   */
  async start(
    input: DeployStartInput,
    pinnedImage?: string,
  ): Promise<{ deploy: Deploy; finished: Promise<Deploy> }> {
    const name = input.containerName.replace(/^\//, '');
    this.deps.requireHost(input.hostId);
    const { docker } = await this.deps.engine(input.hostId);
    const current = await docker
      .getContainer(name)
      .inspect()
      .catch((error: unknown) => {
        throw notFoundOr(error, `Container ${name} does not exist on this host`);
      })
      .catch(async (error: unknown) => {
        // No such container: the name may be a Swarm service (the update watch lists those by name).
        const delegated = notFound(error) ? await this.deps.otherTarget?.(input) : null;
        if (delegated) return delegated;
        throw error;
      });
    if ('finished' in current) return current;
    const ref = pinnedImage
      ? parseImageReference(pinnedImage)
      : targetReference(current.Config.Image, input.tag);
    const id = this.deps.journal.open(input.hostId, name, formatReference(ref));
    const run: Run = {
      id,
      hostId: input.hostId,
      name,
      input,
      controller: new AbortController(),
      touched: false,
      ref,
      health: { path: input.healthPath, port: input.healthPort },
    };
    return this.launch(run);
  }

  /**
   * A blue-green deploy of a workload stage (see blue-green.ts): BUSY while the stage has one running;
   * it queues behind other deploys on the host like any deploy.
   */
  startBlueGreen(plan: BlueGreenPlan): { deploy: Deploy; finished: Promise<Deploy> } {
    this.deps.requireHost(plan.hostId);
    const id = this.deps.journal.open(plan.hostId, plan.lockName, plan.image, {
      kind: 'blue-green',
      workloadId: plan.workloadId,
      stage: plan.stage,
    });
    const run: Run = {
      id,
      hostId: plan.hostId,
      name: plan.lockName,
      input: { hostId: plan.hostId, containerName: plan.lockName },
      controller: new AbortController(),
      touched: false,
      ref: parseImageReference(plan.image),
      health: { path: plan.healthPath ?? undefined, port: plan.port },
      plan,
    };
    return this.launch(run);
  }

  private launch(run: Run): { deploy: Deploy; finished: Promise<Deploy> } {
    this.runs.set(run.id, run);
    const queue = this.queueOf(run.hostId);
    if (queue.activeCount + queue.pendingCount > 0) {
      this.deps.journal.note(run.id, 'waiting for the deploy before it on this host');
    }
    this.emit(run, null);
    const finished = queue(() => this.fleet(() => this.execute(run))).finally(() => this.runs.delete(run.id));
    return { deploy: this.deps.journal.get(run.id), finished };
  }

  /** Called once per deploy when it ends (done, rolled back or failed), also when recovery ends it. */
  onFinished(listener: (deploy: Deploy) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  private announce(deploy: Deploy): void {
    if (deploy.state === 'running') return;
    for (const listener of this.finishedListeners) listener(deploy);
  }

  /**
   * `deploying` while a deploy of the container is open, `parked` for the old versions the engine keeps
   * aside (`<name>.tidewatch-old…`): the update watch leaves both alone.
   */
  containerState(hostId: string, containerName: string): 'deploying' | 'parked' | null {
    if (containerName.includes(OLD_SUFFIX)) return 'parked';
    const [last] = this.deps.journal.list({ hostId, containerName, limit: 1 });
    return last?.state === 'running' ? 'deploying' : null;
  }

  list(
    filter: { hostId?: string; containerName?: string; workloadId?: number; limit?: number } = {},
  ): Deploy[] {
    return this.deps.journal.list(filter);
  }

  get(id: number): Deploy {
    return this.deps.journal.get(id);
  }

  /**
   * A bulk update: each container is checked and opened at once (so each shows in the history), then they
   * run one after another per host and on a few hosts at once. Refusals (unknown, BUSY) are answered per item.
   */
  async startMany(items: readonly DeployStartInput[]): Promise<{
    deploys: Deploy[];
    refused: Array<{ hostId: string; containerName: string; code: string; message: string }>;
  }> {
    const deploys: Deploy[] = [];
    const refused: Array<{ hostId: string; containerName: string; code: string; message: string }> = [];
    for (const item of items) {
      try {
        const { deploy, finished } = await this.start(item);
        finished.catch(() => undefined);
        deploys.push(deploy);
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'UNAVAILABLE';
        refused.push({
          hostId: item.hostId,
          containerName: item.containerName,
          code,
          message: reasonOf(error),
        });
      }
    }
    return { deploys, refused };
  }

  private queueOf(hostId: string): LimitFunction {
    let queue = this.hostQueues.get(hostId);
    if (!queue) {
      queue = pLimit(1);
      this.hostQueues.set(hostId, queue);
    }
    return queue;
  }

  /**
   * Puts back the version a finished deploy replaced, by digest, through the same engine (health gate,
   * rollback of the roll back if that version no longer starts).
   */
  async rollBackTo(id: number): Promise<{ deploy: Deploy; finished: Promise<Deploy> }> {
    const earlier = this.deps.journal.get(id);
    if (earlier.state !== 'done' || !earlier.previousImage?.includes('@')) {
      throw new AppError(
        'CONFLICT',
        earlier.state !== 'done'
          ? `Deploy ${id} did not change the container (${earlier.state}): there is nothing to roll back`
          : `Deploy ${id} did not record the previous image by digest: deploy the earlier tag instead`,
      );
    }
    return this.start(
      { hostId: earlier.hostId, containerName: earlier.containerName },
      earlier.previousImage,
    );
  }

  cancel(id: number): boolean {
    this.deps.journal.get(id);
    const run = this.runs.get(id);
    if (!run) return false;
    run.controller.abort(new Cancelled());
    return true;
  }

  private async execute(run: Run): Promise<Deploy> {
    try {
      if (run.plan) await this.blueGreen.run(run, run.plan);
      else await this.steps(run);
      this.deps.journal.finish(run.id, 'done');
      this.emit(run, 'done');
    } catch (error) {
      await this.fail(run, reasonOf(error));
    }
    const deploy = this.deps.journal.get(run.id);
    this.announce(deploy);
    return deploy;
  }

  private async steps(run: Run): Promise<void> {
    // Cancelled while it waited for its turn: nothing was touched.
    run.controller.signal.throwIfAborted();
    const { docker } = await this.deps.engine(run.hostId);
    run.docker = docker;
    const current = await docker.getContainer(run.name).inspect();
    const { ref } = run;
    const image = formatReference(ref);
    this.deps.journal.set(run.id, { previousImage: await previousImage(docker, current) });

    this.step(run, 'resolve', `deploying ${image}`);
    const digest =
      ref.digest ?? (await this.deps.resolveDigest(ref, await platformOf(docker), run.controller.signal));
    this.deps.journal.set(run.id, { digest });

    this.step(run, 'pull', `resolved ${digest}`);
    const imageId = await this.pull(run, docker, ref, image, digest);

    this.step(run, 'snapshot', 'pulled and verified');
    const fresh = await docker.getContainer(run.name).inspect();
    const oldImage = await docker
      .getImage(fresh.Image)
      .inspect()
      .catch(() => null);
    run.snapshot = takeSnapshot(fresh, oldImage?.Config ?? null);
    this.deps.journal.set(run.id, { snapshot: run.snapshot });

    this.step(run, 'stage', `snapshot of ${run.snapshot.id.slice(0, 12)}`);
    run.touched = true;
    await this.stage(run, docker, image, imageId);

    this.step(run, 'start', `created ${run.newId?.slice(0, 12)}`);
    const container = docker.getContainer(run.newId as string);
    await container.start();

    this.step(run, 'health', 'started');
    const gate = this.gateOptions(run, await container.inspect());
    const passed = await passHealthGate(container, gate);
    this.deps.journal.set(run.id, { passedGate: true });

    this.step(run, 'watch', passed);
    const watched = await watchPeriod(container, gate);

    this.step(run, 'retire', watched);
    this.deps.journal.note(run.id, await this.retireOld(docker, run.name, run.snapshot.id));
  }

  /**
   * The replaced container goes, or, when the setting keeps some, waits stopped under
   * `<name>.tidewatch-old-<short id>` for a manual rollback; kept ones beyond the setting go, oldest first.
   */
  private async retireOld(docker: Docker, name: string, oldId: string): Promise<string> {
    const keep = this.deps.keepOldContainers?.() ?? 0;
    const short = oldId.slice(0, 12);
    if (keep <= 0) {
      await docker.getContainer(oldId).remove({ force: true, v: false }).catch(ignoreNotFound);
      return `removed the previous container ${short}`;
    }
    const keptName = `${name}${OLD_SUFFIX}-${short}`;
    await docker.getContainer(oldId).rename({ name: keptName });
    const pruned = await pruneKept(docker, name, keep);
    return `kept the previous container stopped as ${keptName}` + (pruned ? `; removed ${pruned} older` : '');
  }

  /** Pulls with the registry's credentials, streaming layer progress; the result must be the digest shown. */
  private async pull(run: Run, docker: Docker, ref: ImageReference, image: string, digest: string) {
    const auth = engineAuth(await this.deps.registryAccess(ref.registry), ref.registry);
    const stream = (await docker.pull(image, auth ? { authconfig: auth } : {})) as NodeJS.ReadableStream & {
      destroy?: () => void;
    };
    const layers = new Map<string, { id: string; status: string; current: number; total: number }>();
    await new Promise<void>((resolve, reject) => {
      const abort = () => {
        stream.destroy?.();
        reject(new Cancelled());
      };
      run.controller.signal.addEventListener('abort', abort, { once: true });
      docker.modem.followProgress(
        stream,
        (error: Error | null) => {
          run.controller.signal.removeEventListener('abort', abort);
          if (error) reject(new Error(`pull failed: ${error.message}`));
          else resolve();
        },
        (event: {
          id?: string;
          status?: string;
          error?: string;
          progressDetail?: { current?: number; total?: number };
        }) => {
          if (event.error) return;
          if (!event.id || !event.status) return;
          layers.set(event.id, {
            id: event.id,
            status: event.status,
            current: event.progressDetail?.current ?? 0,
            total: event.progressDetail?.total ?? 0,
          });
          this.emit(run, null, [...layers.values()]);
        },
      );
    });
    const pulled = await docker.getImage(image).inspect();
    const wanted = `${ref.registry}/${ref.repository}@${digest}`;
    const digests = pulled.RepoDigests ?? [];
    if (!digests.some((entry) => entry.endsWith(`@${digest}`))) {
      throw new Error(
        `the tag moved while deploying: the registry said ${digest}, the host pulled ${digests.join(', ') || 'an image without a digest'}` +
          ` (nothing was changed; deploy again to take the new version of ${wanted.split('@')[0]})`,
      );
    }
    return pulled.Id;
  }

  /** Moves the old container aside (renamed, stopped) and creates the new one in its place. */
  private async stage(run: Run, docker: Docker, image: string, imageId: string): Promise<void> {
    const snapshot = run.snapshot as ContainerSnapshot;
    const old = docker.getContainer(snapshot.id);
    await clearOldName(docker, `${run.name}${OLD_SUFFIX}`);
    await old.rename({ name: `${run.name}${OLD_SUFFIX}` });
    if (snapshot.running) await old.stop({ t: snapshot.config.StopTimeout ?? 10 }).catch(ignoreNotModified);
    const created = await createFromSnapshot(docker, snapshot, image, run.name, (id) => {
      run.newId = id;
      this.deps.journal.set(run.id, { newContainerId: id });
    });
    // The tag could have moved on the host between the pull and the create: run exactly what was checked.
    const info = await created.inspect();
    if (info.Image !== imageId)
      throw new Error('the image changed on the host between the pull and the create');
  }

  private gateOptions(run: Run, info: Docker.ContainerInspectInfo): HealthGateOptions {
    return {
      timeoutMs: this.timing.healthTimeoutMs,
      watchMs: this.timing.watchMs,
      pollMs: this.timing.pollMs,
      probe: this.httpProbe(run, info),
      signal: run.controller.signal,
      sleep: (ms, signal) => delay(ms, undefined, { signal }).then(() => undefined),
      now: () => Date.now(),
      note: (line) => {
        this.deps.journal.note(run.id, line);
        this.emit(run, line);
      },
    };
  }

  /** The user's HTTP path, probed on the container's own address from the host's side. */
  private httpProbe(run: Run, info: Docker.ContainerInspectInfo): HealthGateOptions['probe'] {
    const path = run.health.path;
    if (!path) return null;
    const port = run.health.port ?? firstTcpPort(info);
    return async () => {
      if (!port) return { ok: false, detail: 'no container port to probe: set the health check port' };
      // Read at each attempt: the address is assigned when the container starts.
      const fresh = await run.docker?.getContainer(run.newId as string).inspect();
      const ip = Object.values(fresh?.NetworkSettings.Networks ?? {}).find((net) => net.IPAddress)?.IPAddress;
      if (!ip) return { ok: false, detail: 'the container has no IP address yet' };
      return probeHttp(
        () => this.deps.dial(run.hostId, ip, port),
        { host: ip, port, path },
        this.timing.probeTimeoutMs,
      );
    };
  }

  /** Puts the old container back (from the journal's snapshot) and records why. */
  private async fail(run: Run, reason: string): Promise<void> {
    this.deps.journal.failStep(run.id, reason);
    if (!run.touched) {
      this.deps.journal.finish(run.id, 'failed', reason);
      this.emit(run, reason);
      return;
    }
    this.deps.journal.advance(run.id, 'rollback');
    this.emit(run, reason);
    try {
      if (run.plan && run.record) {
        const { docker } = await this.deps.engine(run.hostId);
        const done = await rollBackBlueGreen(docker, run.record, run.newId ?? null, run.plan.proxy);
        this.deps.journal.note(run.id, done);
      } else {
        await this.rollback(run.hostId, run.name, run.snapshot as ContainerSnapshot, run.newId ?? null);
        this.deps.journal.note(
          run.id,
          'the new container is removed; the previous one is back under its name',
        );
      }
      this.deps.journal.finish(run.id, 'rolled-back', reason);
    } catch (error) {
      if (await this.reachable(run.hostId)) {
        this.deps.journal.finish(run.id, 'failed', `${reason}; the rollback failed too: ${reasonOf(error)}`);
      } else {
        // The host is gone: the deploy stays open in the journal and is settled when the host connects.
        this.deps.journal.note(
          run.id,
          'the host cannot be reached: the rollback runs when it connects again',
        );
        this.deps.journal.set(run.id, { reason: `${reason}; the host was lost before the rollback` });
      }
    }
    this.emit(run, this.deps.journal.get(run.id).reason);
  }

  /**
   * Crash recovery for one host (at start, and whenever the host connects): every deploy the journal shows
   * as running but no run of this core owns ends with exactly one container under the original name —
   * the new one if it had passed the health gate, else the old one — and the history says so.
   */
  async recover(hostId: string): Promise<Deploy[]> {
    const recovered: Deploy[] = [];
    for (const entry of this.deps.journal.unfinished(hostId)) {
      // Swarm runs its own updates; the Swarm deployer follows those again.
      if (entry.deploy.kind === 'swarm') continue;
      if (this.runs.has(entry.deploy.id) || this.recovering.has(entry.deploy.id)) continue;
      this.recovering.add(entry.deploy.id);
      try {
        await this.recoverOne(entry);
        const deploy = this.deps.journal.get(entry.deploy.id);
        recovered.push(deploy);
        this.publish(deploy, deploy.reason);
        this.announce(deploy);
      } catch (error) {
        // The host went away again: the entry stays running and is retried on the next connect.
        this.deps.logger.warn('deploy recovery failed', { deployId: entry.deploy.id, error });
      } finally {
        this.recovering.delete(entry.deploy.id);
      }
    }
    return recovered;
  }

  private async recoverOne(entry: JournalEntry): Promise<void> {
    if (entry.deploy.kind === 'blue-green') return this.blueGreen.recover(entry);
    const { deploy, snapshot, newContainerId, passedGate } = entry;
    const stopped = `the core stopped during the ${deploy.step} step`;
    if (!snapshot) {
      this.deps.journal.finish(deploy.id, 'failed', `${stopped}; nothing on the host had changed`);
      return;
    }
    const { docker } = await this.deps.engine(deploy.hostId);
    const fresh = newContainerId
      ? await docker
          .getContainer(newContainerId)
          .inspect()
          .catch(() => null)
      : null;
    if (passedGate && fresh) {
      // The new version had proved itself: finish what was left (start it if needed, retire the old).
      if (!fresh.State.Running) await docker.getContainer(fresh.Id).start().catch(ignoreNotModified);
      this.deps.journal.advance(
        deploy.id,
        'retire',
        `${stopped}; the new version had passed its health gate`,
      );
      const old = await docker
        .getContainer(snapshot.id)
        .inspect()
        .catch(() => null);
      if (old) this.deps.journal.note(deploy.id, await this.retireOld(docker, deploy.containerName, old.Id));
      this.deps.journal.finish(deploy.id, 'done', `completed after a restart (${stopped})`);
      return;
    }
    this.deps.journal.advance(deploy.id, 'rollback', stopped);
    await this.rollback(deploy.hostId, deploy.containerName, snapshot, newContainerId);
    this.deps.journal.finish(deploy.id, 'rolled-back', `${stopped}; the previous version was put back`);
  }

  private async reachable(hostId: string): Promise<boolean> {
    try {
      await (await this.deps.engine(hostId)).docker.ping();
      return true;
    } catch {
      return false;
    }
  }

  /** Removes the new container and returns the old one to its name and state; verifies it runs. */
  async rollback(
    hostId: string,
    name: string,
    snapshot: ContainerSnapshot,
    newId: string | null,
  ): Promise<void> {
    const { docker } = await this.deps.engine(hostId);
    if (newId) await docker.getContainer(newId).remove({ force: true }).catch(ignoreNotFound);
    const old = docker.getContainer(snapshot.id);
    const info = await old.inspect().catch(() => null);
    await removeUnrecordedNew(docker, name, snapshot.id, info);
    if (info) {
      if (info.Name.replace(/^\//, '') !== name) await old.rename({ name });
    } else {
      // Someone removed the old container meanwhile: rebuild it from the journal's snapshot.
      const image = await nameForImage(docker, snapshot);
      const created = await createFromSnapshot(docker, snapshot, image, name);
      snapshot = { ...snapshot, id: created.id };
    }
    if (!snapshot.running) return;
    const back = docker.getContainer(snapshot.id);
    await back.start().catch(ignoreNotModified);
    const state = (await back.inspect()).State;
    if (!state.Running) throw new Error(`the old container did not start again (${state.Status})`);
  }

  private step(run: Run, next: DeployStep, detail: string): void {
    run.controller.signal.throwIfAborted();
    this.deps.journal.advance(run.id, next, detail);
    this.emit(run, detail);
  }

  private emit(run: Run, detail: string | null, layers?: DeployProgress['layers']): void {
    this.publish(this.deps.journal.get(run.id), detail, layers);
  }

  /** A progress event from the journal's record: the step and state are always the journaled ones. */
  private publish(deploy: Deploy, detail: string | null, layers?: DeployProgress['layers']): void {
    this.deps.events.emit('deploys.progress', {
      id: deploy.id,
      hostId: deploy.hostId,
      containerName: deploy.containerName,
      step: deploy.step,
      state: deploy.state,
      detail,
      ...(layers ? { layers } : {}),
    });
  }
}

/**
 * A core that stopped between creating the new container and recording its id leaves a container under
 * the name while the old one waits under `<name>.tidewatch-old`: only this deploy can have created it.
 */
async function removeUnrecordedNew(
  docker: Docker,
  name: string,
  oldId: string,
  old: Docker.ContainerInspectInfo | null,
): Promise<void> {
  if (old?.Name.replace(/^\//, '') !== `${name}${OLD_SUFFIX}`) return;
  const holder = await docker
    .getContainer(name)
    .inspect()
    .catch(() => null);
  if (holder && holder.Id !== oldId) await docker.getContainer(holder.Id).remove({ force: true });
}

function targetReference(current: string, tag: string | undefined): ImageReference {
  const ref = parseImageReference(current);
  if (!tag && !ref.tag)
    throw new AppError('VALIDATION', `The container runs ${current} by digest: name a tag`, 'tag');
  return { ...ref, tag: tag ?? ref.tag, digest: null };
}

async function previousImage(docker: Docker, info: Docker.ContainerInspectInfo): Promise<string> {
  const image = await docker
    .getImage(info.Image)
    .inspect()
    .catch(() => null);
  // One image can carry digests of several repositories (copied or retagged): take the container's own.
  const digests = image?.RepoDigests ?? [];
  const own = digests.find((digest) => sameRepository(digest.split('@')[0] ?? '', info.Config.Image));
  return own ?? digests[0] ?? info.Config.Image;
}

function sameRepository(a: string, b: string): boolean {
  try {
    const [left, right] = [parseImageReference(a), parseImageReference(b)];
    return left.registry === right.registry && left.repository === right.repository;
  } catch {
    return false; // an image id is no repository
  }
}

/**
 * Creates a container from a snapshot on `image` under `name` and joins its other networks; `created`
 * hears the id before anything else can fail, so the journal always knows what to clean up.
 */
async function createFromSnapshot(
  docker: Docker,
  snapshot: ContainerSnapshot,
  image: string,
  name: string,
  created?: (id: string) => void,
): Promise<Docker.Container> {
  const plan = recreatePlan(snapshot, image, name);
  const container = await docker.createContainer(plan.create);
  created?.(container.id);
  for (const network of plan.connect) {
    await docker
      .getNetwork(network.name)
      .connect({ Container: container.id, EndpointConfig: endpointConfig(network) });
  }
  return container;
}

/**
 * The reference a rebuilt old container is created from: its own (`repo:tag`, so the update watch still
 * knows what it runs) once that tag names the old image again on the host. An update of the same tag moved
 * it to the new image; it is pointed back, which is the truth again after the rollback.
 */
async function nameForImage(docker: Docker, snapshot: ContainerSnapshot): Promise<string> {
  const ref = snapshot.image;
  if (ref.startsWith('sha256:') || ref.includes('@')) return snapshot.imageId;
  const local = await docker
    .getImage(ref)
    .inspect()
    .catch(() => null);
  if (local?.Id === snapshot.imageId) return ref;
  const tag = parseImageReference(ref).tag ?? 'latest';
  // `nginx` means `nginx:latest`; the repository keeps the spelling the container was created with.
  const repo = ref.endsWith(`:${tag}`) ? ref.slice(0, -(tag.length + 1)) : ref;
  await docker.getImage(snapshot.imageId).tag({ repo, tag });
  return ref;
}

/** Removes kept replaced containers of `name` beyond `keep`, oldest first; answers how many went. */
async function pruneKept(docker: Docker, name: string, keep: number): Promise<number> {
  const prefix = `/${name}${OLD_SUFFIX}-`;
  const kept = (await docker.listContainers({ all: true }))
    .filter((info) => info.Names.some((entry) => entry.startsWith(prefix)))
    .sort((a, b) => b.Created - a.Created);
  const surplus = kept.slice(keep);
  for (const info of surplus)
    await docker.getContainer(info.Id).remove({ force: true, v: false }).catch(ignoreNotFound);
  return surplus.length;
}

/** A leftover `<name>.tidewatch-old` (kept from an earlier deploy) moves aside under its short id. */
async function clearOldName(docker: Docker, oldName: string): Promise<void> {
  const leftover = await docker
    .getContainer(oldName)
    .inspect()
    .catch(() => null);
  if (leftover)
    await docker.getContainer(leftover.Id).rename({ name: `${oldName}-${leftover.Id.slice(0, 12)}` });
}

function firstTcpPort(info: Docker.ContainerInspectInfo): number | undefined {
  const port = Object.keys(info.Config.ExposedPorts ?? {}).find((key) => key.endsWith('/tcp'));
  return port ? Number(port.split('/')[0]) : undefined;
}

function notFound(error: unknown): boolean {
  return error instanceof AppError && error.code === 'NOT_FOUND';
}

function notFoundOr(error: unknown, message: string): Error {
  return statusOf(error) === 404 ? new AppError('NOT_FOUND', message) : (error as Error);
}

/**
 * Swarm service updates as deploys. Swarm does the rolling itself (start-first, health-gated, and its own
 * rollback when a new task fails within the monitor period); the core pins the image by digest, sends the
 * update, follows the service's update status until Swarm settles, and journals every step so a core that
 * stops mid-update picks the follow up again when the host connects. Cancel asks Swarm to roll back.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import { AppError } from '@shared/rpc/errors';
import type { Deploy, DeployStep } from '@shared/schemas/deploys';
import type { SwarmDeployInput } from '@shared/schemas/swarm';
import type { DeployJournal, DeployOrigin, JournalEntry } from '../deploy/deploy-journal';
import { Cancelled, platformOf, reasonOf, statusOf } from '../deploy/deploy-run';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import { formatReference, parseImageReference, type ImageReference } from '../registry/image-reference';
import { engineAuth, type EngineAuth, type RegistryAccess } from '../registry/registry-client';
import type { Platform } from '../registry/platform';
import type { SwarmClusterReader } from './swarm-cluster';
import { splitPinnedImage, type EngineService, type EngineServiceSpec } from './swarm-mapper';
import { NANOS_PER_SECOND, updatePolicy } from './update-policy';

export interface SwarmDeployerDeps {
  journal: DeployJournal;
  requireHost: (hostId: string) => void;
  cluster: SwarmClusterReader;
  resolveDigest: (ref: ImageReference, platform: Platform, signal: AbortSignal) => Promise<string>;
  registryAccess: (registry: string) => Promise<RegistryAccess>;
  events: EventBus;
  logger: Logger;
  timing?: Partial<SwarmTiming>;
}

export interface SwarmTiming {
  pollMs: number;
  /** How long the core follows one update before it stops waiting (Swarm itself goes on). */
  followTimeoutMs: number;
  /** Defaults for the update config the core writes. */
  monitorSeconds: number;
}

const DEFAULT_TIMING: SwarmTiming = { pollMs: 1_000, followTimeoutMs: 30 * 60_000, monitorSeconds: 15 };

/** What the journal keeps beside the record: enough to follow the update after a restart. */
interface SwarmPlan {
  kind: 'swarm';
  serviceId: string;
  /** The update status Swarm showed before this deploy: a newer one is this deploy's. */
  before: string | null;
  /** A manual roll back (Swarm's previous spec) rather than a new image. */
  manual: boolean;
}

interface SwarmRun {
  id: number;
  hostId: string;
  service: string;
  controller: AbortController;
  plan?: SwarmPlan;
  /** Why Swarm began to roll back (its message then names the failed task; the final one does not). */
  rollbackCause?: string;
}

interface FollowState {
  engine: Docker;
  /** Swarm was asked to roll back (or was rolling back already) after the user cancelled. */
  cancelSent: boolean;
  lastLine: string;
}

type Outcome = { state: 'done' | 'rolled-back' | 'failed'; reason?: string };

export class SwarmDeployer {
  private readonly runs = new Map<number, SwarmRun>();
  private readonly finishedListeners = new Set<(deploy: Deploy) => void>();
  private readonly timing: SwarmTiming;

  constructor(private readonly deps: SwarmDeployerDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
  }

  /** Checks the host manages a swarm with that service, opens the deploy and runs it in the background. */
  async start(
    input: SwarmDeployInput,
    /** A workload stage's deploy: its image repository (the service may run another one now) and origin. */
    stage?: { repository: string; origin: DeployOrigin },
  ): Promise<{ deploy: Deploy; finished: Promise<Deploy> }> {
    this.deps.requireHost(input.hostId);
    const docker = await this.deps.cluster.requireManager(input.hostId);
    const service = await inspectService(docker, input.service);
    const current = service.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '';
    const ref = targetReference(stage ? `${stage.repository}:${input.tag ?? 'latest'}` : current, input.tag);
    const id = this.open(input.hostId, service, formatReference(ref), stage?.origin);
    return this.launch(
      { id, hostId: input.hostId, service: input.service, controller: new AbortController() },
      () => this.rollOut(id, docker, service, ref, input),
    );
  }

  /**
   * A deploy asked for by name (the updates inbox, a bulk update, an automatic update) when the name is a
   * service of the swarm this host manages; null when it is not (no swarm, a worker, no such service).
   */
  async startIfService(input: {
    hostId: string;
    containerName: string;
    tag?: string;
  }): Promise<{ deploy: Deploy; finished: Promise<Deploy> } | null> {
    const isService = await this.deps.cluster
      .requireManager(input.hostId)
      .then((docker) => inspectService(docker, input.containerName))
      .then(
        () => true,
        () => false,
      );
    if (!isService) return null;
    return this.start({
      hostId: input.hostId,
      service: input.containerName,
      ...(input.tag ? { tag: input.tag } : {}),
    });
  }

  /** Swarm's manual rollback to the previous spec, followed like a deploy. */
  async rollBack(
    hostId: string,
    serviceName: string,
  ): Promise<{ deploy: Deploy; finished: Promise<Deploy> }> {
    this.deps.requireHost(hostId);
    const docker = await this.deps.cluster.requireManager(hostId);
    const service = await inspectService(docker, serviceName);
    const previous = service.PreviousSpec?.TaskTemplate?.ContainerSpec?.Image;
    if (!previous)
      throw new AppError('CONFLICT', `Swarm kept no earlier spec of ${serviceName} to roll back to`);
    const id = this.open(hostId, service, previous);
    return this.launch({ id, hostId, service: serviceName, controller: new AbortController() }, () =>
      this.manualRollback(id, docker, service, previous),
    );
  }

  /** True when this core follows the deploy (a Swarm deploy); Swarm is asked to roll it back. */
  cancel(id: number): boolean {
    const run = this.runs.get(id);
    if (!run) return false;
    run.controller.abort(new Cancelled());
    return true;
  }

  onFinished(listener: (deploy: Deploy) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  /** After a restart: Swarm deploys the journal shows running are followed again until Swarm settles. */
  async recover(hostId: string): Promise<void> {
    for (const entry of this.deps.journal.unfinished(hostId)) {
      if (entry.deploy.kind !== 'swarm' || this.runs.has(entry.deploy.id)) continue;
      const plan = swarmPlanOf(entry);
      const run: SwarmRun = {
        id: entry.deploy.id,
        hostId,
        service: entry.deploy.containerName,
        controller: new AbortController(),
      };
      if (!plan) {
        this.launch(run, () =>
          Promise.resolve({
            state: 'failed',
            reason: 'the core stopped before the update was sent; nothing changed',
          }),
        ).finished.catch(() => undefined);
        continue;
      }
      run.plan = plan;
      this.deps.journal.note(run.id, 'the core restarted: following the update again');
      this.launch(run, async () =>
        this.follow(run, await this.deps.cluster.requireManager(hostId), plan),
      ).finished.catch(() => undefined);
    }
  }

  private open(hostId: string, service: EngineService, image: string, origin?: DeployOrigin): number {
    const name = service.Spec?.Name ?? service.ID;
    return this.deps.journal.open(
      hostId,
      name,
      image,
      origin ?? { kind: 'swarm', workloadId: null, stage: null },
    );
  }

  /** The tag a service's spec runs now (null when it runs by digest only or has no tag). */
  async runningTag(hostId: string, serviceName: string): Promise<string | null> {
    const docker = await this.deps.cluster.requireManager(hostId);
    const service = await inspectService(docker, serviceName);
    const image = splitPinnedImage(service.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '').image;
    return image ? parseImageReference(image).tag : null;
  }

  private launch(run: SwarmRun, body: () => Promise<Outcome>): { deploy: Deploy; finished: Promise<Deploy> } {
    this.runs.set(run.id, run);
    this.publish(run.id, null);
    const finished = body()
      .catch((error: unknown): Outcome => ({ state: 'failed', reason: reasonOf(error) }))
      .then((outcome) => {
        this.deps.journal.finish(run.id, outcome.state, outcome.reason);
        const deploy = this.deps.journal.get(run.id);
        this.publish(run.id, outcome.reason ?? null);
        for (const listener of this.finishedListeners) listener(deploy);
        return deploy;
      })
      .finally(() => this.runs.delete(run.id));
    return { deploy: this.deps.journal.get(run.id), finished };
  }

  private async rollOut(
    id: number,
    docker: Docker,
    service: EngineService,
    ref: ImageReference,
    input: SwarmDeployInput,
  ): Promise<Outcome> {
    const run = this.runs.get(id) as SwarmRun;
    const current = service.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '';
    this.step(run, 'resolve', `resolving ${formatReference(ref)}`);
    const digest = await this.deps.resolveDigest(ref, await platformOf(docker), run.controller.signal);
    this.deps.journal.set(id, { digest, previousImage: current });
    if (splitPinnedImage(current).digest === digest) {
      return { state: 'done', reason: `the service already runs ${digest}: nothing to update` };
    }
    const fresh = await inspectService(docker, run.service);
    const spec = withImage(fresh.Spec ?? {}, `${formatReference(ref)}@${digest}`, input, this.timing);
    const plan: SwarmPlan = { kind: 'swarm', serviceId: fresh.ID, before: statusKey(fresh), manual: false };
    this.deps.journal.set(id, { plan });
    run.plan = plan;
    this.step(run, 'start', 'sending the update to Swarm (start-first, rollback on failure)');
    await sendUpdate(docker, fresh, spec, await this.auth(ref.registry));
    return this.follow(run, docker, plan);
  }

  private async manualRollback(
    id: number,
    docker: Docker,
    service: EngineService,
    previous: string,
  ): Promise<Outcome> {
    const run = this.runs.get(id) as SwarmRun;
    const plan: SwarmPlan = {
      kind: 'swarm',
      serviceId: service.ID,
      before: statusKey(service),
      manual: true,
    };
    this.deps.journal.set(id, {
      plan,
      previousImage: service.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '',
    });
    run.plan = plan;
    this.step(run, 'rollback', `asking Swarm to roll back to ${previous}`);
    await sendRollback(docker, service);
    return this.follow(run, docker, plan);
  }

  /**
   * Polls the service until Swarm settles this update. A lost connection is retried (the engine call
   * reconnects); a cancel turns into Swarm's rollback once, then the rollback is followed to its end.
   */
  private async follow(run: SwarmRun, docker: Docker, plan: SwarmPlan): Promise<Outcome> {
    const current = this.deps.journal.get(run.id).step;
    // A deploy followed again after a restart may already be watching or rolling back.
    if (!plan.manual && current !== 'watch' && current !== 'rollback') {
      this.step(run, 'watch', 'Swarm is replacing tasks');
    }
    const deadline = Date.now() + this.timing.followTimeoutMs;
    const state: FollowState = { engine: docker, cancelSent: false, lastLine: '' };
    while (Date.now() < deadline) {
      try {
        const outcome = await this.poll(run, plan, state);
        if (outcome) return outcome;
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') {
          throw new Error('the service was removed during the update');
        }
        // Swarm goes on without us: reconnect, or follow through another manager of the swarm, and look again.
        this.deps.journal.note(run.id, `lost the manager (${reasonOf(error)}); trying again`);
        const manager = await this.deps.cluster.managerFor(run.hostId).catch(() => null);
        if (manager) state.engine = manager.docker;
        if (manager && manager.via !== run.hostId) {
          this.deps.journal.note(run.id, 'following the update through another manager of the swarm');
        }
      }
      await delay(this.timing.pollMs);
    }
    return {
      state: 'failed',
      reason: 'Swarm did not finish the update in time; it goes on without the core watching',
    };
  }

  /** One look at the service: an outcome once Swarm settled; a pending cancel is sent to Swarm here. */
  private async poll(run: SwarmRun, plan: SwarmPlan, state: FollowState): Promise<Outcome | null> {
    const service = await inspectService(state.engine, plan.serviceId);
    const outcome = this.settle(run, plan, service, state.cancelSent);
    if (outcome) return outcome;
    if (run.controller.signal.aborted && !state.cancelSent) {
      // Swarm already rolling back needs no second request; the cancel is recorded either way.
      if (service.UpdateStatus?.State !== 'rollback_started') {
        this.enterStep(run, 'rollback', 'cancelled by the user: asking Swarm to roll back');
        await sendRollback(state.engine, service);
      }
      state.cancelSent = true;
      return null;
    }
    state.lastLine = await this.reportTasks(run, state.engine, service, state.lastLine);
    return null;
  }

  /** Reads the update status: an outcome when Swarm has settled this update, else null. */
  private settle(run: SwarmRun, plan: SwarmPlan, service: EngineService, cancelled: boolean): Outcome | null {
    const status = service.UpdateStatus;
    if (!status?.State || statusKey(service) === plan.before) return null;
    const message = status.Message ? `: ${status.Message}` : '';
    switch (status.State) {
      case 'completed':
        return { state: 'done' };
      case 'rollback_started':
        run.rollbackCause ??= status.Message;
        this.enterStep(run, 'rollback', `Swarm is rolling back${message}`);
        return null;
      case 'rollback_completed':
        if (plan.manual) return { state: 'done' };
        return {
          state: 'rolled-back',
          reason: cancelled
            ? new Cancelled().message
            : `Swarm rolled the update back: ${run.rollbackCause ?? status.Message ?? 'no reason given'}`,
        };
      case 'paused':
      case 'rollback_paused':
        return {
          state: 'failed',
          reason: `Swarm paused the ${status.State === 'paused' ? 'update' : 'rollback'}${message}`,
        };
      default:
        return null;
    }
  }

  /** One progress line per change: how many current tasks run the new spec's image. */
  private async reportTasks(
    run: SwarmRun,
    docker: Docker,
    service: EngineService,
    last: string,
  ): Promise<string> {
    const image = service.Spec?.TaskTemplate?.ContainerSpec?.Image;
    const tasks = (await docker
      .listTasks({ filters: JSON.stringify({ service: [service.ID], 'desired-state': ['running'] }) })
      .catch(() => [])) as Array<{
      Status?: { State?: string };
      Spec?: { ContainerSpec?: { Image?: string } };
    }>;
    const onNew = tasks.filter((task) => task.Spec?.ContainerSpec?.Image === image);
    const running = onNew.filter((task) => task.Status?.State === 'running').length;
    const starting = onNew.length - running;
    // start-first runs old and new tasks side by side: count against the replicas asked for.
    const desired = service.Spec?.Mode?.Replicated?.Replicas ?? tasks.length;
    const line =
      `${running} of ${desired} tasks on the new image` + (starting > 0 ? `, ${starting} starting` : '');
    if (line !== last) {
      this.deps.journal.note(run.id, line);
      this.publish(run.id, line);
    }
    return line;
  }

  private async auth(registry: string): Promise<EngineAuth | undefined> {
    return engineAuth(await this.deps.registryAccess(registry), registry);
  }

  private step(run: SwarmRun, next: DeployStep, detail: string): void {
    this.deps.journal.advance(run.id, next, detail);
    this.publish(run.id, detail);
  }

  /** Advances to `next` unless the deploy is already there (Swarm reports a rollback on every poll). */
  private enterStep(run: SwarmRun, next: DeployStep, detail: string): void {
    if (this.deps.journal.get(run.id).step !== next) this.step(run, next, detail);
  }

  private publish(id: number, detail: string | null): void {
    const deploy = this.deps.journal.get(id);
    this.deps.events.emit('deploys.progress', {
      id: deploy.id,
      hostId: deploy.hostId,
      containerName: deploy.containerName,
      step: deploy.step,
      state: deploy.state,
      detail,
    });
  }
}

async function inspectService(docker: Docker, nameOrId: string): Promise<EngineService> {
  try {
    return (await docker.getService(nameOrId).inspect()) as EngineService;
  } catch (error) {
    if (statusOf(error) === 404)
      throw new AppError('NOT_FOUND', `Service ${nameOrId} does not exist in this swarm`);
    throw error;
  }
}

function targetReference(current: string, tag: string | undefined): ImageReference {
  const ref = parseImageReference(splitPinnedImage(current).image);
  if (!tag && !ref.tag)
    throw new AppError('VALIDATION', `The service runs ${current} by digest: name a tag`, 'tag');
  return { ...ref, tag: tag ?? ref.tag, digest: null };
}

/** The spec with the new image and the update policy the core relies on (its own values where given). */
function withImage(
  spec: EngineServiceSpec,
  image: string,
  input: SwarmDeployInput,
  timing: SwarmTiming,
): EngineServiceSpec {
  const policy = updatePolicy({
    parallelism: input.parallelism ?? 1,
    delaySeconds: input.delaySeconds ?? 0,
    monitorSeconds: input.monitorSeconds ?? timing.monitorSeconds,
  });
  const template = spec.TaskTemplate ?? {};
  const health = healthCheck(input);
  return {
    ...spec,
    TaskTemplate: {
      ...template,
      ContainerSpec: { ...template.ContainerSpec, Image: image, ...(health ? { HealthCheck: health } : {}) },
    },
    // The service's other settings stay; the policy's keys are the core's own.
    UpdateConfig: { ...spec.UpdateConfig, ...policy.UpdateConfig },
    RollbackConfig: { ...(spec.RollbackConfig as object | undefined), ...policy.RollbackConfig },
  };
}

/**
 * The deploy's own health check, replacing the image's: an HTTP GET inside the task. The exec form runs
 * no shell, so nothing in the path is interpreted; the timeouts are generous (a 1 s check flapped under
 * load and killed healthy tasks).
 */
function healthCheck(input: SwarmDeployInput): Record<string, unknown> | null {
  if (input.healthPath === undefined || input.healthPort === undefined) return null;
  return {
    Test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${input.healthPort}${input.healthPath}`],
    Interval: 2 * NANOS_PER_SECOND,
    Timeout: 10 * NANOS_PER_SECOND,
    Retries: 3,
    StartPeriod: 5 * NANOS_PER_SECOND,
  };
}

async function sendUpdate(
  docker: Docker,
  service: EngineService,
  spec: EngineServiceSpec,
  authconfig: object | undefined,
): Promise<void> {
  // `_query` and `_body` keep the version in the query string and the spec in the body (docker-modem).
  await docker.getService(service.ID).update({
    _query: { version: service.Version?.Index ?? 0 },
    _body: spec,
    ...(authconfig ? { authconfig } : {}),
  });
}

async function sendRollback(docker: Docker, service: EngineService): Promise<void> {
  await docker.getService(service.ID).update({
    _query: { version: service.Version?.Index ?? 0, rollback: 'previous' },
    _body: service.Spec ?? {},
  });
}

/** Identifies one update status: Swarm starts a new one with a new start time. */
function statusKey(service: EngineService): string | null {
  const status = service.UpdateStatus;
  return status?.StartedAt ?? null;
}

function swarmPlanOf(entry: JournalEntry): SwarmPlan | null {
  const plan = entry.plan as Partial<SwarmPlan> | null;
  return plan?.kind === 'swarm' && typeof plan.serviceId === 'string' ? (plan as SwarmPlan) : null;
}

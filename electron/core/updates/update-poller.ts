import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { AppError } from '@shared/rpc/errors';
import type { CheckFinished, HostCheckResult, UpdateEntry, UpdatesSettings } from '@shared/schemas/updates';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import { parseImageReference, type ImageReference } from '../registry/image-reference';
import { formatPlatform } from '../registry/platform';
import type { RegistryClient } from '../registry/registry-client';
import type { Clock } from '../util/clock';
import type { ContainerSource, HostRef, WatchedContainer } from './container-source';
import { evaluateContainer } from './evaluate';
import { checkKey, CycleChecker, TagListCache, type CheckOutcome, type CheckPlan } from './image-checker';
import type { ImageCheckRepository } from './image-check-repository';
import type { ContainerResult, InboxService } from './inbox-service';
import { parseTagVersion } from './tag-versions';
import { resolveWatchRules, type WatchRules } from './watch-rules';

export interface PollerDeps {
  source: ContainerSource;
  client: RegistryClient;
  inbox: InboxService;
  checks: ImageCheckRepository;
  settings: () => UpdatesSettings;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Called once per host with the entries that became new in this run (notifications hang here). */
  onDetected?: (host: HostRef, items: UpdateEntry[]) => void | Promise<void>;
  /** Checks in flight across registries; each registry also has its own limit in the client. */
  concurrency?: number;
  /**
   * What the deploy engine is doing with a container: `deploying` (what runs under its name now is
   * transient: its entry stays as it was) or `parked` (an old version the engine keeps aside: not watched).
   */
  deployState?: (hostId: string, containerName: string) => 'deploying' | 'parked' | null;
}

export interface CycleResult extends Omit<CheckFinished, 'hosts'> {
  /** One result per host that was part of the run. */
  hostResults: Map<string, HostCheckResult>;
}

export interface RunOptions {
  /** Reuse tag lists younger than this (scheduled checks); 0 or absent refetches them (manual checks). */
  tagListMaxAgeMs?: number;
  /** Check only images never checked before (a container just created or started with a new image). */
  onlyUnchecked?: boolean;
}

interface Run {
  options: RunOptions;
  /** Registry requests made before the run started, to report how many the run cost. */
  requestsBefore: number;
  runId: string;
  hostId: string | null;
  controller: AbortController;
  startedAt: Date | null;
  done: number;
  total: number;
  promise: Promise<CycleResult>;
}

/** A container with its parsed reference and rules, or the reason it is not checked. */
interface Watched {
  container: WatchedContainer;
  ref: ImageReference | null;
  rules: WatchRules;
  planKey: string | null;
}

/**
 * One check cycle: list containers of the hosts, check each distinct (registry, repository, tag, platform)
 * once, map results back to every container, write the inbox. Runs are queued one after another, report
 * progress and can be cancelled (a cancelled run leaves the inbox untouched).
 */
export class UpdatePoller {
  private readonly runs: Run[] = [];
  /** The last finished run, for the status page: failures must stay visible after the event went by. */
  private finished: CheckFinished | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly tagCache = new TagListCache();

  constructor(private readonly deps: PollerDeps) {}

  /** Starts (or joins) a run and returns at once. */
  start(
    hostId?: string,
    options: RunOptions = {},
  ): { runId: string; alreadyRunning: boolean; finished: Promise<CycleResult> } {
    const covering = this.runs.find((run) => run.hostId === null || run.hostId === (hostId ?? null));
    if (covering && !covering.controller.signal.aborted) {
      return { runId: covering.runId, alreadyRunning: true, finished: covering.promise };
    }
    const run = this.enqueue(hostId ?? null, options);
    run.promise.catch(() => undefined);
    return { runId: run.runId, alreadyRunning: false, finished: run.promise };
  }

  /** Runs a check (after any run already queued) and resolves when it is finished. */
  run(hostId?: string, options: RunOptions = {}): Promise<CycleResult> {
    return this.enqueue(hostId ?? null, options).promise;
  }

  cancel(runId: string): boolean {
    const run = this.runs.find((candidate) => candidate.runId === runId);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  current(): { runId: string; hostId: string | null; done: number; total: number; startedAt: string } | null {
    const run = this.runs.find((candidate) => candidate.startedAt !== null);
    if (!run?.startedAt) return null;
    return {
      runId: run.runId,
      hostId: run.hostId,
      done: run.done,
      total: run.total,
      startedAt: run.startedAt.toISOString(),
    };
  }

  lastFinished(): CheckFinished | null {
    return this.finished;
  }

  /** Waits for every queued run (tests, shutdown). */
  async idle(): Promise<void> {
    await this.tail.catch(() => undefined);
  }

  private enqueue(hostId: string | null, options: RunOptions): Run {
    const run = {
      options,
      requestsBefore: 0,
      runId: randomUUID(),
      hostId,
      controller: new AbortController(),
      startedAt: null,
      done: 0,
      total: 0,
    } as Run;
    run.promise = this.tail
      .catch(() => undefined)
      .then(() => this.cycle(run))
      .finally(() => this.runs.splice(this.runs.indexOf(run), 1));
    this.tail = run.promise.catch(() => undefined);
    this.runs.push(run);
    return run;
  }

  private async cycle(run: Run): Promise<CycleResult> {
    run.startedAt = this.deps.clock.now();
    run.requestsBefore = this.deps.client.requestCount;
    const { signal } = run.controller;
    const result: CycleResult = {
      runId: run.runId,
      outcome: 'completed',
      checked: 0,
      failed: 0,
      newUpdates: 0,
      requests: 0,
      hostResults: new Map(),
    };
    try {
      const hosts = await this.hostsOf(run.hostId);
      for (const host of hosts) {
        if (host.skipReason) result.hostResults.set(host.id, hostResult(host.id, 'skipped', host.skipReason));
      }
      const listed = await this.listHosts(
        hosts.filter((host) => !host.skipReason),
        signal,
        result,
      );
      const watched = new Map([...listed].map(([hostId, containers]) => [hostId, this.watch(containers)]));
      const plans = planChecks([...watched.values()].flat());
      if (run.options.onlyUnchecked) {
        const known = new Set(this.deps.checks.keys());
        for (const key of [...plans.keys()]) if (known.has(key)) plans.delete(key);
      }
      run.total = plans.size;
      this.progress(run);
      const outcomes = await this.runChecks(run, [...plans.values()]);
      this.deps.checks.save([...outcomes.values()]);
      if (signal.aborted) throw new AppError('CANCELLED', 'The check was cancelled');
      result.checked = [...outcomes.values()].filter((outcome) => outcome.status === 'ok').length;
      result.failed = [...outcomes.values()].filter((outcome) => outcome.status !== 'ok').length;
      for (const host of hosts) {
        const containers = watched.get(host.id);
        if (!containers) continue;
        const detected = this.writeHost(host, containers, outcomes, result);
        result.newUpdates += detected.length;
        if (detected.length > 0) await this.announce(host, detected);
      }
      this.deps.events.emit('updates.changed', { reason: 'check', hostIds: hosts.map((host) => host.id) });
      result.outcome = overallOutcome(result);
    } catch (error) {
      result.outcome = signal.aborted ? 'cancelled' : 'failed';
      if (!signal.aborted) this.deps.logger.error('update check failed', { runId: run.runId, error });
    }
    result.requests = this.deps.client.requestCount - run.requestsBefore;
    const { hostResults, ...rest } = result;
    this.finished = { ...rest, hosts: [...hostResults.values()] };
    this.deps.events.emit('updates.checkFinished', this.finished);
    return result;
  }

  private async hostsOf(hostId: string | null): Promise<HostRef[]> {
    const hosts = await this.deps.source.hosts();
    if (hostId === null) return hosts;
    const host = hosts.find((candidate) => candidate.id === hostId);
    if (!host) throw new AppError('NOT_FOUND', `Host ${hostId} is not known`);
    return [host];
  }

  /** Lists every host in parallel; a host that fails keeps its inbox entries as they were. */
  private async listHosts(
    hosts: HostRef[],
    signal: AbortSignal,
    result: CycleResult,
  ): Promise<Map<string, WatchedContainer[]>> {
    const listed = new Map<string, WatchedContainer[]>();
    await Promise.all(
      hosts.map(async (host) => {
        try {
          listed.set(host.id, await this.deps.source.listContainers(host.id, signal));
        } catch (error) {
          const reason = `${host.name} could not be reached: ${(error as Error).message}`;
          result.hostResults.set(host.id, hostResult(host.id, 'failed', reason));
          this.deps.logger.warn('cannot list containers for the update check', { hostId: host.id, error });
        }
      }),
    );
    return listed;
  }

  private watch(containers: WatchedContainer[]): Watched[] {
    const settings = this.deps.settings();
    return containers.map((container) => {
      const rules = resolveWatchRules(container.labels, settings);
      let ref: ImageReference | null = null;
      try {
        ref = parseImageReference(container.image);
      } catch {
        return { container, ref: null, rules: { ...rules, watch: false }, planKey: null };
      }
      const planKey =
        rules.watch && ref.tag !== null
          ? checkKey(ref.registry, ref.repository, ref.tag, container.platform)
          : null;
      return { container, ref, rules, planKey };
    });
  }

  private async runChecks(run: Run, plans: CheckPlan[]): Promise<Map<string, CheckOutcome>> {
    const checker = new CycleChecker(
      this.deps.client,
      run.controller.signal,
      () => this.deps.clock.now(),
      this.tagCache,
      run.options.tagListMaxAgeMs ?? 0,
    );
    const limit = pLimit(this.deps.concurrency ?? 16);
    const outcomes = new Map<string, CheckOutcome>();
    await Promise.all(
      plans.map((plan) =>
        limit(async () => {
          if (run.controller.signal.aborted) return;
          outcomes.set(plan.key, await checker.check(plan));
          run.done += 1;
          this.progress(run);
        }),
      ),
    );
    return outcomes;
  }

  private writeHost(
    host: HostRef,
    containers: Watched[],
    outcomes: Map<string, CheckOutcome>,
    result: CycleResult,
  ): UpdateEntry[] {
    const results: ContainerResult[] = containers.map(({ container, ref, rules, planKey }) => {
      const deploy = this.deps.deployState?.(host.id, container.name) ?? null;
      // Mid-deploy the container under the name may be the new version on trial: judge it afterwards.
      if (deploy === 'deploying') return { containerName: container.name, checked: false, update: null };
      if (deploy === 'parked') return { containerName: container.name, checked: true, update: null };
      const outcome = planKey === null ? undefined : outcomes.get(planKey);
      if (!ref || !outcome || outcome.status !== 'ok') {
        // Not watched (any more): drop its entry; failed check: leave it as it was.
        return { containerName: container.name, checked: !rules.watch || !ref, update: null };
      }
      const finding = evaluateContainer(ref, container.repoDigests, rules, outcome);
      return {
        containerName: container.name,
        checked: true,
        update: finding && {
          hostId: host.id,
          containerName: container.name,
          containerId: container.id,
          image: container.image,
          registry: ref.registry,
          repository: ref.repository,
          platform: formatPlatform(container.platform),
          currentTag: ref.tag,
          currentDigest: finding.currentDigest,
          availableTag: finding.availableTag,
          availableDigest: finding.availableDigest,
          kind: finding.kind,
          steps: JSON.stringify(finding.steps),
        },
      };
    });
    const present = new Set(containers.map((watched) => watched.container.name));
    const detected = this.deps.inbox.applyHostResults(host.id, results, present);
    const failed = results.filter((entry) => !entry.checked).length;
    const summary = `${containers.length} containers, ${detected.length} new updates${failed > 0 ? `, ${failed} not checked` : ''}`;
    result.hostResults.set(host.id, hostResult(host.id, 'ok', summary));
    return detected;
  }

  private async announce(host: HostRef, items: UpdateEntry[]): Promise<void> {
    this.deps.events.emit('updates.detected', { hostId: host.id, items });
    try {
      await this.deps.onDetected?.(host, items);
    } catch (error) {
      this.deps.logger.warn('update notification failed', { hostId: host.id, error });
    }
  }

  private progress(run: Run): void {
    this.deps.events.emit('updates.checkProgress', {
      runId: run.runId,
      done: run.done,
      total: run.total,
      ...(run.hostId === null ? {} : { hostId: run.hostId }),
    });
  }
}

/** Groups watched containers by check key; a key needs digests/tags if any of its containers does. */
function planChecks(watched: Watched[]): Map<string, CheckPlan> {
  const plans = new Map<string, CheckPlan>();
  for (const { container, ref, rules, planKey } of watched) {
    if (planKey === null || !ref?.tag) continue;
    const plan = plans.get(planKey) ?? {
      key: planKey,
      registry: ref.registry,
      repository: ref.repository,
      tag: ref.tag,
      platform: container.platform,
      needDigest: false,
      needTags: false,
      containers: 0,
    };
    plan.needDigest ||= rules.watchDigest && ref.digest === null;
    plan.needTags ||= rules.watchTags && parseTagVersion(ref.tag) !== null;
    plan.containers += 1;
    plans.set(planKey, plan);
  }
  return plans;
}

function hostResult(hostId: string, outcome: HostCheckResult['result'], reason: string): HostCheckResult {
  return { hostId, result: outcome, reason };
}

/**
 * failed: hosts were tried and none answered, or every image check failed; partial: a host was skipped or
 * failed, or an image was not checked; completed: everything in the run was checked.
 */
function overallOutcome(result: CycleResult): CycleResult['outcome'] {
  const hosts = [...result.hostResults.values()];
  const tried = hosts.filter((host) => host.result !== 'skipped');
  const reached = tried.filter((host) => host.result === 'ok').length;
  if (tried.length > 0 && reached === 0) return 'failed';
  if (result.checked === 0 && result.failed > 0) return 'failed';
  if (reached < hosts.length || result.failed > 0) return 'partial';
  return 'completed';
}

/**
 * Automatic updates: after each update check (and each minute while an update waits for its maintenance
 * window), every inbox entry whose container's policy allows it starts a deploy through the engine, the
 * same health-gated, journaled deploy a click starts. An update that failed is not tried again by itself:
 * the inbox shows why, and the user decides.
 */
import { HEALTH_PATH_LABEL, HEALTH_PORT_LABEL, type AutoUpdateSetting } from '@shared/schemas/auto-update';
import type { Deploy, DeployStartInput } from '@shared/schemas/deploys';
import type { UpdateEntry } from '@shared/schemas/updates';
import type { Logger } from '../logging/logger';
import type { Clock } from '../util/clock';
import type { Timers } from '../util/timers';
import { allowedTag, effectivePolicy, windowOpen } from './auto-update-policy';

type Labels = Readonly<Record<string, string>>;

export interface AutoUpdaterDeps {
  /** The inbox's entries (all statuses; only new and acknowledged ones are acted on). */
  entries: () => UpdateEntry[];
  /** Labels of the host's containers by name; throws when the host cannot be reached. */
  labels: (hostId: string) => Promise<ReadonlyMap<string, Labels>>;
  setting: (hostId: string, containerName: string) => AutoUpdateSetting | null;
  /** Starts a deploy through the engine; throws BUSY, NOT_FOUND, UNAVAILABLE like a click would. */
  deploy: (input: DeployStartInput) => Promise<Deploy>;
  /** The container's deploys, newest first. */
  history: (hostId: string, containerName: string) => Deploy[];
  /** Why background work must leave the host alone (the user disconnected it), or null. */
  skipHost: (hostId: string) => string | null;
  clock: Clock;
  timers: Timers;
  logger: Logger;
}

export interface AutoUpdateDecision {
  hostId: string;
  containerName: string;
  action: 'started' | 'skipped';
  tag: string | null;
  reason: string;
  deployId?: number;
}

const ACTIONABLE = new Set<UpdateEntry['status']>(['new', 'acknowledged']);

export class AutoUpdater {
  private running: Promise<AutoUpdateDecision[]> | null = null;
  private again = false;
  private windowTimer: unknown = null;
  private stopped = false;

  constructor(private readonly deps: AutoUpdaterDeps) {}

  /**
   * Looks at every actionable entry once and starts what the policies allow. A call while one runs is
   * folded into one more pass after it (the inbox may have changed meanwhile).
   */
  evaluate(): Promise<AutoUpdateDecision[]> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.evaluate();
      }
    });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.windowTimer !== null) this.deps.timers.clearTimeout(this.windowTimer);
    this.windowTimer = null;
  }

  private async pass(): Promise<AutoUpdateDecision[]> {
    const decisions: AutoUpdateDecision[] = [];
    const byHost = new Map<string, UpdateEntry[]>();
    for (const entry of this.deps.entries()) {
      if (!ACTIONABLE.has(entry.status)) continue;
      byHost.set(entry.hostId, [...(byHost.get(entry.hostId) ?? []), entry]);
    }
    for (const [hostId, entries] of byHost) decisions.push(...(await this.host(hostId, entries)));
    for (const decision of decisions.filter((one) => one.action === 'started')) {
      this.deps.logger.info('automatic update started', {
        hostId: decision.hostId,
        container: decision.containerName,
        tag: decision.tag,
        deployId: decision.deployId,
      });
    }
    this.scheduleWindowCheck(decisions);
    return decisions;
  }

  private async host(hostId: string, entries: UpdateEntry[]): Promise<AutoUpdateDecision[]> {
    const skip = (reason: string) => entries.map((entry) => skipped(entry, null, reason));
    const held = this.deps.skipHost(hostId);
    if (held) return skip(held);
    let labels: ReadonlyMap<string, Labels>;
    try {
      labels = await this.deps.labels(hostId);
    } catch (error) {
      return skip(`the host's containers could not be read: ${(error as Error).message}`);
    }
    const decisions: AutoUpdateDecision[] = [];
    for (const entry of entries)
      decisions.push(await this.decide(entry, labels.get(entry.containerName) ?? {}));
    return decisions;
  }

  private async decide(entry: UpdateEntry, labels: Labels): Promise<AutoUpdateDecision> {
    const { policy, window } = effectivePolicy(this.deps.setting(entry.hostId, entry.containerName), labels);
    if (policy === 'off') return skipped(entry, null, 'automatic updates are off for this container');
    const tag = allowedTag(entry, policy);
    if (tag === null)
      return skipped(entry, null, `the ${policy} policy does not take a ${entry.kind} update`);
    if (!windowOpen(window, this.deps.clock.now()))
      return skipped(entry, tag, `waiting for the maintenance window (${window})`);
    const earlier = this.earlierAttempt(entry, tag);
    if (earlier) return skipped(entry, tag, earlier);
    try {
      const deploy = await this.deps.deploy({
        ...healthFromLabels(labels),
        hostId: entry.hostId,
        containerName: entry.containerName,
        tag,
      });
      return {
        hostId: entry.hostId,
        containerName: entry.containerName,
        action: 'started',
        tag,
        reason: `policy ${policy}`,
        deployId: deploy.id,
      };
    } catch (error) {
      return skipped(entry, tag, (error as Error).message);
    }
  }

  /** Why an earlier deploy to this tag since the entry appeared means no new one, or null. */
  private earlierAttempt(entry: UpdateEntry, tag: string): string | null {
    const attempt = this.deps
      .history(entry.hostId, entry.containerName)
      .find((deploy) => deploy.image.endsWith(`:${tag}`) && deploy.createdAt >= entry.firstSeen);
    if (!attempt) return null;
    if (attempt.state === 'running') return `deploy ${attempt.id} to ${tag} is running`;
    if (attempt.state === 'done')
      return `deploy ${attempt.id} put ${tag} in place; the next check closes the entry`;
    return `the update to ${tag} failed (${attempt.reason ?? attempt.state}); it is not retried by itself`;
  }

  /** While an allowed update waits for its window, look again at the start of each minute. */
  private scheduleWindowCheck(decisions: AutoUpdateDecision[]): void {
    if (this.stopped || this.windowTimer !== null) return;
    if (!decisions.some((decision) => decision.reason.startsWith('waiting for the maintenance window')))
      return;
    const now = this.deps.clock.now();
    const untilNextMinute = 60_000 - (now.getSeconds() * 1000 + now.getMilliseconds()) + 50;
    this.windowTimer = this.deps.timers.setTimeout(() => {
      this.windowTimer = null;
      this.evaluate().catch((error: unknown) => this.deps.logger.warn('automatic updates failed', { error }));
    }, untilNextMinute);
  }
}

function skipped(entry: UpdateEntry, tag: string | null, reason: string): AutoUpdateDecision {
  return { hostId: entry.hostId, containerName: entry.containerName, action: 'skipped', tag, reason };
}

/** The container may name its health path (and port) for images without a HEALTHCHECK. */
function healthFromLabels(labels: Labels): Pick<DeployStartInput, 'healthPath' | 'healthPort'> {
  const path = labels[HEALTH_PATH_LABEL];
  const port = Number(labels[HEALTH_PORT_LABEL]);
  return {
    ...(path?.startsWith('/') && path.length <= 500 ? { healthPath: path } : {}),
    ...(Number.isInteger(port) && port >= 1 && port <= 65_535 ? { healthPort: port } : {}),
  };
}

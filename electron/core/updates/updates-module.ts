import { AppError } from '@shared/rpc/errors';

/**
 * How long a scheduled check reuses a repository's tag list (the digest of the running tag is checked
 * every time): a newer tag is noticed within a day by schedule, at once by "Check now".
 */
export const SCHEDULED_TAG_LIST_TTL_MS = 24 * 60 * 60 * 1000;

/** A burst of container events (a compose up) becomes one check, well within a minute. */
export const NEW_IMAGE_DEBOUNCE_MS = 20_000;
import type { UpdatesSettings, UpdatesStatus } from '@shared/schemas/updates';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import { NotificationPlanner, type PlannedNotification } from '../notify/notification-planner';
import { SqliteNotifiedStore } from '../notify/notified-store';
import { NotifierService } from '../notify/notifier-service';
import { buildTrayModel, type TrayModel } from '../notify/tray-model';
import { registryLink } from '../registry/image-reference';
import { RegistryClient } from '../registry/registry-client';
import { RegistryRepository } from '../registry/registry-repository';
import { RegistryService } from '../registry/registry-service';
import type { SecretStore } from '../secrets/secret-store';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import { emptyContainerSource, type ContainerSource } from './container-source';
import { GroupService } from './group-service';
import { ImageCheckRepository } from './image-check-repository';
import { InboxRepository } from './inbox-repository';
import { InboxService } from './inbox-service';
import { UpdatePoller, type PollerDeps } from './update-poller';
import { UpdateScheduler } from './update-scheduler';
import { systemTimers, type Timers } from '../util/timers';

export interface UpdatesModuleDeps {
  db: Db;
  secrets: SecretStore;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  version: string;
  source?: ContainerSource;
  /** The fetch used for registries and outgoing notifications (tests count requests through it). */
  fetch?: typeof fetch;
  timers?: Timers;
  defaultIntervalMinutes: () => number;
  /** The watch's switches, read from the app settings at each use (a change applies to the next check). */
  settings: () => UpdatesSettings;
  registryTimeoutMs?: number;
  /** The deploy engine's view of a container (see PollerDeps.deployState). */
  deployState?: PollerDeps['deployState'];
}

export type DesktopNotificationListener = (notification: PlannedNotification) => void;

/** Wires registries, poller, scheduler, inbox, groups and notifications together (used by createCore). */
export function createUpdatesModule(deps: UpdatesModuleDeps) {
  const source = deps.source ?? emptyContainerSource;
  const timers = deps.timers ?? systemTimers;
  const registryRepository = new RegistryRepository(deps.db);
  const registries = new RegistryService({
    repository: registryRepository,
    secrets: deps.secrets,
    clock: deps.clock,
    logger: deps.logger.child({ service: 'registries' }),
    createClient: (access) =>
      new RegistryClient({
        access,
        clock: deps.clock,
        fetch: deps.fetch,
        timeoutMs: deps.registryTimeoutMs,
        logger: deps.logger.child({ service: 'registry-client' }),
        userAgent: `Tidewatch/${deps.version}`,
      }),
  });
  const link = (registry: string, repository: string) =>
    registryLink(registry, repository, registryRepository.byHost(registry)?.insecure ?? false);
  const inbox = new InboxService(new InboxRepository(deps.db), deps.events, deps.clock, link);
  const groups = new GroupService(deps.db, deps.events, deps.clock);
  const checks = new ImageCheckRepository(deps.db);
  const notifiers = new NotifierService({
    db: deps.db,
    secrets: deps.secrets,
    clock: deps.clock,
    logger: deps.logger.child({ service: 'notifiers' }),
    version: deps.version,
    fetch: deps.fetch,
  });
  const planner = new NotificationPlanner(new SqliteNotifiedStore(deps.db, deps.clock));
  const desktopListeners = new Set<DesktopNotificationListener>();

  const poller = new UpdatePoller({
    source,
    client: registries.client,
    inbox,
    checks,
    settings: deps.settings,
    events: deps.events,
    clock: deps.clock,
    logger: deps.logger.child({ service: 'update-poller' }),
    deployState: deps.deployState,
    onDetected: async (host, items) => {
      const notification = planner.plan(host, items);
      if (!notification) return;
      if (deps.settings().desktopNotifications)
        for (const listener of desktopListeners) listener(notification);
      await notifiers.dispatch(notification, host.name);
    },
  });

  const scheduler = new UpdateScheduler({
    db: deps.db,
    clock: deps.clock,
    timers,
    logger: deps.logger.child({ service: 'update-scheduler' }),
    hosts: () => source.hosts(),
    defaultIntervalMinutes: deps.defaultIntervalMinutes,
    runHost: async (hostId) => {
      const result = await poller.run(hostId, { tagListMaxAgeMs: SCHEDULED_TAG_LIST_TTL_MS });
      return result.hostResults.get(hostId)?.reason ?? result.outcome;
    },
  });

  /**
   * A container created or started with an image not checked yet is checked within a minute, not at the
   * next schedule: Docker's events (already followed for the container lists) trigger a short, debounced
   * run that checks only the images without a check record.
   */
  const watchNewImages = (): (() => void) => {
    const waiting = new Map<string, unknown>();
    const off = deps.events.on('containers.changed', ({ hostId, action }) => {
      if ((action !== 'create' && action !== 'start') || waiting.has(hostId)) return;
      waiting.set(
        hostId,
        timers.setTimeout(() => {
          waiting.delete(hostId);
          poller
            .run(hostId, { onlyUnchecked: true, tagListMaxAgeMs: SCHEDULED_TAG_LIST_TTL_MS })
            .catch((error: unknown) => deps.logger.warn('new-image check failed', { hostId, error }));
        }, NEW_IMAGE_DEBOUNCE_MS),
      );
    });
    return () => {
      off();
      for (const timer of waiting.values()) timers.clearTimeout(timer);
      waiting.clear();
    };
  };

  let snoozeTimer: unknown = null;
  const armSnoozeExpiry = () => {
    if (snoozeTimer !== null) timers.clearTimeout(snoozeTimer);
    snoozeTimer = null;
    const next = inbox.nextSnoozeEnd();
    if (next === null) return;
    const wait = Math.min(60 * 60_000, Math.max(0, next.getTime() - deps.clock.now().getTime()));
    snoozeTimer = timers.setTimeout(() => {
      snoozeTimer = null;
      inbox.expireSnoozes();
      armSnoozeExpiry();
    }, wait);
  };
  let stopListening: (() => void) | null = null;

  return {
    registries,
    client: registries.client,
    inbox,
    groups,
    checks,
    notifiers,
    planner,
    poller,
    scheduler,

    /** Starts the schedules and the snooze timer (tests may drive the scheduler's tick by hand instead). */
    async start(): Promise<void> {
      const stopSnoozes = deps.events.on('updates.changed', (payload) => {
        if (payload.reason === 'snooze') armSnoozeExpiry();
      });
      // New hosts get their schedule (due now) as soon as they are saved, not at the next start.
      const stopHosts = deps.events.on('hosts.changed', () => {
        scheduler.syncHosts().catch((error: unknown) => deps.logger.warn('schedule sync failed', { error }));
      });
      const stopNewImages = watchNewImages();
      stopListening = () => {
        stopSnoozes();
        stopHosts();
        stopNewImages();
      };
      armSnoozeExpiry();
      await scheduler.start();
    },

    async stop(): Promise<void> {
      stopListening?.();
      scheduler.stop();
      if (snoozeTimer !== null) timers.clearTimeout(snoozeTimer);
      const running = poller.current();
      if (running) poller.cancel(running.runId);
      await poller.idle();
    },

    /** The id of a host the poller watches; NOT_FOUND for an unknown one (or one without a Docker engine). */
    async requireHost(hostId: string): Promise<string> {
      const hosts = await source.hosts();
      if (!hosts.some((host) => host.id === hostId)) {
        throw new AppError('NOT_FOUND', `No host with id ${hostId} has a Docker engine to check`);
      }
      return hostId;
    },

    /** "Check now" for one host or all; records the run on the host schedules when it ends. */
    checkNow(hostId?: string): { runId: string; alreadyRunning: boolean } {
      const startedAt = deps.clock.now();
      const started = poller.start(hostId);
      if (!started.alreadyRunning) {
        started.finished
          .then((result) => {
            for (const [id, line] of result.hostResults) void scheduler.recordRun(id, startedAt, line.reason);
          })
          .catch(() => undefined);
      }
      return { runId: started.runId, alreadyRunning: started.alreadyRunning };
    },

    status(): UpdatesStatus {
      return {
        schedules: scheduler.list(),
        running: poller.current(),
        images: checks.list(),
        rateLimits: registries.client.backoff.snapshot().map((entry) => ({
          registry: entry.registry,
          remaining: entry.remaining,
          blockedUntil: entry.blockedUntil?.toISOString() ?? null,
        })),
        lastRun: poller.lastFinished(),
      };
    },

    async trayModel(): Promise<TrayModel> {
      return buildTrayModel(inbox.list({ status: 'new' }), await source.hosts());
    },

    /** The Electron shell shows these as desktop notifications. */
    onDesktopNotification(listener: DesktopNotificationListener): () => void {
      desktopListeners.add(listener);
      return () => desktopListeners.delete(listener);
    },
  };
}

export type UpdatesModule = ReturnType<typeof createUpdatesModule>;

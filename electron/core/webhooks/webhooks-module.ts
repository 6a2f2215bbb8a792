/**
 * Builds webhook intake from the core's services: configuration and secrets, the delivery queue and its
 * worker, DIUN's list, and the listener, which runs when enabled (or when the companion's `--webhooks`
 * names an address) and restarts when its settings change.
 */
import { AppError } from '@shared/rpc/errors';
import {
  WEBHOOK_SECRET_NAMES,
  webhookConfigSchema,
  type WebhookConfig,
  type WebhookDelivery,
  type WebhookSecretName,
  type WebhookStatus,
} from '@shared/schemas/webhooks';
import type { z } from 'zod';
import type { webhookConfigPatchSchema } from '@shared/schemas/webhooks';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../logging/redactor';
import type { SecretStore } from '../secrets/secret-store';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import type { WorkloadsModule } from '../workloads/workloads-module';
import { DeliveryRepository } from './delivery-repository';
import { DeliveryWorker } from './delivery-worker';
import { recordDiun } from './diun-intake';
import { DiunRepository, type DiunEvent } from './diun-repository';
import { handlePush } from './image-push';
import type { WorkItem } from './intake';
import { WebhookConfigStore } from './webhook-config-store';
import { DUPLICATE_WINDOW_MS, WebhookListener, type Accepted } from './webhook-listener';
import { WebhookSecrets } from './webhook-secrets';

export interface WebhooksModuleDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: SecretStore;
  redactor?: Redactor;
  events: EventBus;
  hosts: () => Array<{ id: string; name: string; address: string }>;
  workloads: WorkloadsModule;
  /** `--webhooks <addr:port>` on the companion: listen there whatever the saved settings say. */
  listenOverride?: string | null;
}

/** Something the desktop may want to show: a DIUN notification or a push of an image no workload uses. */
export type WebhookNotice =
  { kind: 'diun'; event: DiunEvent; hostId: string | null } | { kind: 'unknown-image'; image: string };

/** A delivery id seen again within this window is a redelivery. */
const DELIVERY_ID_WINDOW_MS = 24 * 3600_000;
const PRUNE_EVERY = 1000;

export function createWebhooksModule(deps: WebhooksModuleDeps) {
  const logger = deps.logger.child({ service: 'webhooks' });
  const store = new WebhookConfigStore(deps.db, deps.clock);
  const secrets = new WebhookSecrets(deps.secrets, deps.redactor);
  const deliveries = new DeliveryRepository(deps.db);
  const diun = new DiunRepository(deps.db);
  const noticeListeners = new Set<(notice: WebhookNotice) => void>();
  const notice = (value: WebhookNotice) => {
    for (const listener of noticeListeners) listener(value);
  };
  let state: WebhookStatus['state'] = { listening: false, url: null, error: null, overridden: false };
  let inserted = 0;

  const emit = (delivery: WebhookDelivery) => deps.events.emit('webhooks.delivery', delivery);
  const worker = new DeliveryWorker({
    deliveries,
    handle: (item) => handle(item),
    emit,
    clock: deps.clock,
    logger,
  });

  const handle = async (item: WorkItem) => {
    if (item.kind === 'diun') {
      return recordDiun(item.event, {
        repository: diun,
        hosts: deps.hosts,
        clock: deps.clock,
        noted: (event, hostId) => {
          deps.events.emit('webhooks.diunChanged', {});
          notice({ kind: 'diun', event, hostId });
        },
      });
    }
    const workloads = deps.workloads;
    return handlePush(item.image, {
      pushed: (registry, repository, tag) => workloads.watch.pushed(registry, repository, tag),
      workloadName: (id) => workloads.service.get(id).name,
      config: () => store.get(),
      workloads: () => workloads.service.list(),
      inspect: (hostId, image) => workloads.inspectImage(hostId, image),
      create: (input) => workloads.service.create(input),
      deploy: async (id, stage, tag) => {
        const { finished } = await workloads.deployer.deploy({
          id,
          stage,
          tag,
          confirmed: false,
          automatic: true,
        });
        finished.catch(() => undefined);
      },
      unknown: (image) => notice({ kind: 'unknown-image', image }),
    });
  };

  const record = (entry: Parameters<DeliveryRepository['insert']>[0]) => {
    inserted += 1;
    if (inserted % PRUNE_EVERY === 0) deliveries.prune(deps.clock.now());
    return deliveries.insert(entry);
  };

  const accept = (accepted: Accepted): WebhookDelivery => {
    const now = deps.clock.now();
    const window = accepted.dedupeKey.startsWith('id:') ? DELIVERY_ID_WINDOW_MS : DUPLICATE_WINDOW_MS;
    const image =
      accepted.item.kind === 'push'
        ? accepted.item.image
        : accepted.item.kind === 'diun'
          ? accepted.item.event.image
          : null;
    const base = {
      source: accepted.source,
      remote: accepted.remote,
      status: accepted.status,
      receivedAt: now,
      image,
    };
    let delivery: WebhookDelivery;
    if (deliveries.seen(accepted.source, accepted.dedupeKey, new Date(now.getTime() - window))) {
      delivery = record({ ...base, state: 'duplicate', action: 'already received; not acted on again' });
    } else if (accepted.item.kind === 'ignored') {
      delivery = record({
        ...base,
        state: 'ignored',
        dedupeKey: accepted.dedupeKey,
        action: accepted.item.reason,
      });
    } else {
      delivery = record({
        ...base,
        state: 'queued',
        dedupeKey: accepted.dedupeKey,
        payload: JSON.stringify(accepted.item),
      });
      // After the answer: the sender never waits for a deploy.
      setImmediate(() => worker.kick());
    }
    emit(delivery);
    return delivery;
  };

  const listener = new WebhookListener({
    config: () => store.get(),
    secrets,
    accept,
    refuse: ({ source, remote, status, reason }) => {
      // Logged, not emitted: a flood of bad requests must not push real events out of the event history.
      record({ source, remote, status, state: 'rejected', receivedAt: deps.clock.now(), action: reason });
    },
    diun: {
      repository: diun,
      clock: deps.clock,
      changed: () => deps.events.emit('webhooks.diunChanged', {}),
    },
    clock: deps.clock,
    logger,
  });

  const setState = (next: WebhookStatus['state']) => {
    // Only changes are news (a core that starts with the listener off says nothing).
    if (JSON.stringify(next) === JSON.stringify(state)) return;
    state = next;
    deps.events.emit('webhooks.state', state);
  };

  /** What the running listener was started with: settings that do not change it (rates, policy) leave it be. */
  let running: string | null = null;

  /** (Re)starts or stops the listener to match the settings; failures become the state's error. */
  const apply = async (): Promise<void> => {
    const config = store.get();
    const override = deps.listenOverride ?? null;
    const wanted = override !== null || config.enabled;
    const tls =
      config.tlsCertFile && config.tlsKeyFile ? { cert: config.tlsCertFile, key: config.tlsKeyFile } : null;
    const key = wanted ? JSON.stringify([override ?? config.listen, tls]) : null;
    if (key !== null && key === running) return;
    await listener.stop();
    running = null;
    if (key === null) return setState({ listening: false, url: null, error: null, overridden: false });
    for (const name of WEBHOOK_SECRET_NAMES) await secrets.ensure(name);
    try {
      const url = await listener.start(override ?? config.listen, tls);
      running = key;
      logger.info('webhook listener started', { url });
      setState({ listening: true, url, error: null, overridden: override !== null });
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'cannot listen';
      logger.warn('webhook listener not started', { reason });
      setState({ listening: false, url: null, error: reason, overridden: override !== null });
    }
  };

  const status = async (): Promise<WebhookStatus> => {
    const secretsSet = {} as Record<WebhookSecretName, boolean>;
    for (const name of WEBHOOK_SECRET_NAMES) secretsSet[name] = (await secrets.get(name)) !== null;
    return { config: store.get(), state, secretsSet };
  };

  const endpoint = (name: WebhookSecretName, secret: string) => ({
    name,
    secret,
    path: endpointPath(name, secret),
  });

  return {
    listener,
    worker,
    deliveries,
    diun,
    secrets,
    status,
    async update(patch: z.output<typeof webhookConfigPatchSchema>): Promise<WebhookStatus> {
      const next: WebhookConfig = webhookConfigSchema.parse({ ...store.get(), ...patch });
      if ((next.tlsCertFile === null) !== (next.tlsKeyFile === null)) {
        throw new AppError(
          'VALIDATION',
          'Give both the certificate and the key file, or neither',
          'tlsKeyFile',
        );
      }
      if (
        next.unknownImage === 'create' &&
        next.createOnHostId !== null &&
        !deps.hosts().some((host) => host.id === next.createOnHostId)
      ) {
        throw new AppError('NOT_FOUND', 'No such host', 'createOnHostId');
      }
      store.save(next);
      await apply();
      return status();
    },
    async endpoints() {
      const result = [];
      for (const name of WEBHOOK_SECRET_NAMES) result.push(endpoint(name, await secrets.ensure(name)));
      return result;
    },
    async regenerate(name: WebhookSecretName) {
      return endpoint(name, await secrets.regenerate(name));
    },
    async setSecret(name: WebhookSecretName, secret: string) {
      return endpoint(name, await secrets.set(name, secret));
    },
    diunAcknowledge(image: string) {
      if (!diun.acknowledge(image, deps.clock.now()))
        throw new AppError('NOT_FOUND', 'No DIUN notification for this image');
      deps.events.emit('webhooks.diunChanged', {});
      return { image };
    },
    onNotice(listener: (value: WebhookNotice) => void): () => void {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    /** Starts the listener if enabled and works what was queued before the last stop. */
    async start(): Promise<void> {
      deliveries.prune(deps.clock.now());
      worker.kick();
      await apply();
    },
    async close(): Promise<void> {
      await listener.stop();
      await worker.stop();
    },
  };
}

export type WebhooksModule = ReturnType<typeof createWebhooksModule>;

/** Where a source posts, relative to the listener: secret-URL sources carry the secret in the path. */
export function endpointPath(name: WebhookSecretName, secret: string): string {
  switch (name) {
    case 'diun':
      return '/webhook';
    case 'ci':
      return `/api/webhook/${secret}`;
    case 'dockerhub':
      return `/api/dockerhub/${secret}`;
    case 'api':
      return '/api/updates';
    default:
      return `/api/${name}`;
  }
}

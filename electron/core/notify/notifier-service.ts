import { AppError } from '@shared/rpc/errors';
import type { Notifier, NotifierCreate, UpdateEntry } from '@shared/schemas/updates';
import type { Logger } from '../logging/logger';
import { secretKey, type SecretStore } from '../secrets/secret-store';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import type { PlannedNotification } from './notification-planner';
import type { DeployNotice } from '../deploy/deploy-notice';
import {
  deployRequest,
  ntfyRequest,
  slackRequest,
  webhookRequests,
  type OutgoingRequest,
} from './outgoing-payloads';

interface NotifierRow {
  id: number;
  kind: Notifier['kind'];
  name: string;
  target: string;
  enabled: number;
}

export interface NotifierServiceDeps {
  db: Db;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  version: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Outgoing notifications (generic DIUN-style webhook, Slack, ntfy). The URL can carry a token (Slack's
 * always does), so it is kept in the secret store; the database and the UI see only scheme and host.
 */
export class NotifierService {
  constructor(private readonly deps: NotifierServiceDeps) {}

  list(): Notifier[] {
    const rows = this.deps.db
      .prepare('SELECT * FROM notifiers ORDER BY name COLLATE NOCASE')
      .all() as NotifierRow[];
    return rows.map(toNotifier);
  }

  async create(input: NotifierCreate): Promise<Notifier> {
    const url = new URL(input.url);
    const result = this.deps.db
      .prepare('INSERT INTO notifiers (kind, name, target, enabled, created_at) VALUES (?, ?, ?, 1, ?)')
      .run(input.kind, input.name, `${url.protocol}//${url.host}`, this.deps.clock.now().toISOString());
    const id = Number(result.lastInsertRowid);
    try {
      await this.deps.secrets.set(secretKey('notifier', id), input.url);
    } catch (error) {
      // The secret store refused the URL: remove the row too, so no notifier exists without its target.
      this.deps.db.prepare('DELETE FROM notifiers WHERE id = ?').run(id);
      throw error;
    }
    return this.require(id);
  }

  async remove(id: number): Promise<{ id: number }> {
    this.require(id);
    await this.deps.secrets.delete(secretKey('notifier', id));
    this.deps.db.prepare('DELETE FROM notifiers WHERE id = ?').run(id);
    return { id };
  }

  /** Sends a sample notification to one target and says how it went. */
  async test(id: number): Promise<{ ok: boolean; message: string }> {
    const notifier = this.require(id);
    const sample = sampleNotification(this.deps.clock.now());
    try {
      await this.sendTo(notifier, sample, 'tidewatch-test');
      return { ok: true, message: `${notifier.target} accepted the test notification` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  /** Sends to every enabled target; failures are logged, never thrown (a dead webhook must not stop checks). */
  async dispatch(notification: PlannedNotification, hostname: string): Promise<void> {
    for (const notifier of this.list().filter((candidate) => candidate.enabled)) {
      try {
        await this.sendTo(notifier, notification, hostname);
      } catch (error) {
        this.deps.logger.warn('outgoing notification failed', { notifierId: notifier.id, error });
      }
    }
  }

  /** A deploy's result to every enabled notifier; a failing one is logged, never thrown. */
  async dispatchDeploy(notice: DeployNotice): Promise<void> {
    for (const notifier of this.list().filter((candidate) => candidate.enabled)) {
      try {
        const url = await this.deps.secrets.get(secretKey('notifier', notifier.id));
        if (url === null)
          throw new AppError('SECRET_BACKEND', `The URL of notifier "${notifier.name}" is missing`);
        await this.post(url, deployRequest(notifier.kind, notice, this.deps.version), notifier);
      } catch (error) {
        this.deps.logger.warn('outgoing notification failed', { notifierId: notifier.id, error });
      }
    }
  }

  private async sendTo(
    notifier: Notifier,
    notification: PlannedNotification,
    hostname: string,
  ): Promise<void> {
    const url = await this.deps.secrets.get(secretKey('notifier', notifier.id));
    if (url === null)
      throw new AppError('SECRET_BACKEND', `The URL of notifier "${notifier.name}" is missing`);
    const requests = this.requestsFor(notifier.kind, notification, hostname);
    for (const request of requests) await this.post(url, request, notifier);
  }

  private requestsFor(
    kind: Notifier['kind'],
    notification: PlannedNotification,
    hostname: string,
  ): OutgoingRequest[] {
    if (kind === 'slack') return [slackRequest(notification)];
    if (kind === 'ntfy') return [ntfyRequest(notification)];
    return webhookRequests(notification, hostname, this.deps.version);
  }

  private async post(url: string, request: OutgoingRequest, notifier: Notifier): Promise<void> {
    let response: Response;
    try {
      response = await (this.deps.fetch ?? fetch)(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 10_000),
      });
    } catch {
      // The message names the host only: the path of a webhook URL is its secret.
      throw new AppError('UNAVAILABLE', `Cannot reach ${notifier.target}`);
    }
    await response.body?.cancel();
    if (!response.ok) throw new AppError('UNAVAILABLE', `${notifier.target} answered ${response.status}`);
  }

  private require(id: number): Notifier {
    const row = this.deps.db.prepare('SELECT * FROM notifiers WHERE id = ?').get(id) as
      NotifierRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Notifier ${id} does not exist`);
    return toNotifier(row);
  }
}

function toNotifier(row: NotifierRow): Notifier {
  return { id: row.id, kind: row.kind, name: row.name, target: row.target, enabled: row.enabled === 1 };
}

function sampleNotification(now: Date): PlannedNotification {
  const entry: UpdateEntry = {
    id: 0,
    hostId: 'test',
    containerId: '0'.repeat(12),
    containerName: 'tidewatch-test',
    image: 'nginx:1.25',
    registry: 'docker.io',
    repository: 'library/nginx',
    platform: 'linux/amd64',
    currentTag: '1.25',
    currentDigest: null,
    availableTag: '1.27',
    availableDigest: null,
    kind: 'minor',
    steps: [],
    status: 'new',
    snoozedUntil: null,
    ignoredVersion: null,
    firstSeen: now.toISOString(),
    lastChecked: now.toISOString(),
    groupId: null,
    groupName: null,
    registryLink: 'https://hub.docker.com/_/nginx',
  };
  return {
    hostId: 'test',
    title: 'Tidewatch test notification',
    body: 'nginx 1.25 → 1.27',
    items: [entry],
    target: { page: 'updates', hostId: 'test' },
  };
}

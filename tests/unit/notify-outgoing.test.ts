import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/logging/logger';
import { NotifierService } from '../../electron/core/notify/notifier-service';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store';
import { openDatabase, type Db } from '../../electron/core/store/database';
import type { Deploy } from '@shared/schemas/deploys';
import { deployNotice } from '../../electron/core/deploy/deploy-notice';
import { entry } from './notify-helpers';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('NotifierService against a loopback HTTP server', () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];
  let dir: string;
  let db: Db;
  let secrets: MemorySecretStore;
  let service: NotifierService;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        });
        response.statusCode = request.url?.includes('fail') ? 500 : 200;
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'tw-notify-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    secrets = new MemorySecretStore();
    service = new NotifierService({
      db,
      secrets,
      clock: { now: () => new Date('2026-03-01T10:00:00Z') },
      logger: silentLogger,
      version: '0.1.0',
    });
  });
  afterAll(async () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
  });

  const notification = {
    hostId: 'h1',
    title: '2 updates on prod-1',
    body: 'nginx 1.25 → 1.27, app latest (new digest)',
    items: [
      entry(),
      entry({
        id: 2,
        containerName: 'app',
        kind: 'digest',
        availableTag: 'latest',
        availableDigest: 'sha256:abc',
        registry: 'ghcr.io',
        repository: 'org/app',
        registryLink: 'https://ghcr.io/v2/org/app/tags/list',
      }),
    ],
    target: { page: 'updates' as const, hostId: 'h1' },
  };

  it('keeps the URL (which holds the token) in the secret store only', async () => {
    const slack = await service.create({
      kind: 'slack',
      name: 'ops',
      url: `${base}/services/T000/B000/SECRETTOKEN`,
    });
    expect(slack.target).toBe(base);
    expect(JSON.stringify(service.list())).not.toContain('SECRETTOKEN');
    expect(JSON.stringify(db.prepare('SELECT * FROM notifiers').all())).not.toContain('SECRETTOKEN');
    expect(await secrets.get(`tidewatch:notifier:${slack.id}`)).toContain('SECRETTOKEN');
    await service.remove(slack.id);
    expect(await secrets.get(`tidewatch:notifier:${slack.id}`)).toBeNull();
  });

  it('posts DIUN-compatible JSON per image, Slack JSON per batch and ntfy text with a Title header', async () => {
    received.length = 0;
    await service.create({ kind: 'webhook', name: 'diun', url: `${base}/webhook` });
    await service.create({ kind: 'slack', name: 'slack', url: `${base}/slack/T/B/X` });
    await service.create({ kind: 'ntfy', name: 'ntfy', url: `${base}/tidewatch-topic` });
    await service.dispatch(notification, 'prod-1');

    const webhooks = received.filter((r) => r.path === '/webhook');
    expect(webhooks).toHaveLength(2);
    const payload = JSON.parse(webhooks[1]!.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      diun_version: 'tidewatch-0.1.0',
      hostname: 'prod-1',
      status: 'update',
      provider: 'docker',
      image: 'ghcr.io/org/app:latest',
      hub_link: 'https://ghcr.io/v2/org/app/tags/list',
      digest: 'sha256:abc',
      created: '2026-03-01T10:00:00.000Z',
      platform: 'linux/amd64',
      metadata: { ctn_names: 'app', update_kind: 'digest' },
    });
    expect(Object.keys(payload)).toEqual(
      expect.arrayContaining([
        'diun_version',
        'hostname',
        'status',
        'provider',
        'image',
        'hub_link',
        'mime_type',
        'digest',
        'created',
        'platform',
        'metadata',
      ]),
    );
    expect(webhooks[0]!.headers['content-type']).toBe('application/json');

    const slack = received.find((r) => r.path === '/slack/T/B/X');
    expect(JSON.parse(slack!.body)).toEqual({
      text: '*2 updates on prod-1*\n• nginx 1.25 → 1.27 (web)\n• org/app latest (new digest) (app)',
    });

    const ntfy = received.find((r) => r.path === '/tidewatch-topic');
    expect(ntfy?.headers.title).toBe('2 updates on prod-1');
    expect(ntfy?.body).toBe('nginx 1.25 → 1.27 (web)\norg/app latest (new digest) (app)');
  });

  it('reports a deploy result to each notifier: webhook JSON, Slack and ntfy text', async () => {
    received.length = 0;
    const deploy: Deploy = {
      id: 7,
      hostId: 'h1',
      kind: 'in-place',
      workloadId: null,
      stage: null,
      containerName: 'web',
      image: 'reg.example/web:1.2.0',
      digest: 'sha256:def',
      previousImage: 'reg.example/web@sha256:abc',
      state: 'rolled-back',
      step: 'rollback',
      reason: 'the image health check failed: exit 1',
      createdAt: '2026-03-01T10:00:00.000Z',
      finishedAt: '2026-03-01T10:01:00.000Z',
      steps: [],
    };
    await service.dispatchDeploy(deployNotice(deploy, 'prod-1'));

    const webhook = JSON.parse(received.find((r) => r.path === '/webhook')!.body) as Record<string, unknown>;
    expect(webhook).toMatchObject({
      event: 'deploy',
      hostname: 'prod-1',
      container: 'web',
      image: 'reg.example/web:1.2.0',
      result: 'rolled-back',
      reason: 'the image health check failed: exit 1',
      previous_image: 'reg.example/web@sha256:abc',
      deploy_id: 7,
    });
    const slack = received.find((r) => r.path === '/slack/T/B/X');
    expect(JSON.parse(slack!.body)).toEqual({
      text: '*Update of web on prod-1 to 1.2.0 rolled back*\nthe image health check failed: exit 1. The previous version runs again.',
    });
    const ntfy = received.find((r) => r.path === '/tidewatch-topic');
    expect(ntfy?.headers.title).toBe('Update of web on prod-1 to 1.2.0 rolled back');
    expect(ntfy?.headers.tags).toBe('warning');

    received.length = 0;
    await service.dispatchDeploy(deployNotice({ ...deploy, state: 'done', reason: null }, 'prod-1'));
    expect(received.find((r) => r.path === '/tidewatch-topic')?.headers.title).toBe(
      'web on prod-1 updated to 1.2.0',
    );
  });

  it('reports a failing target in test() without leaking the URL path, and dispatch never throws', async () => {
    const failing = await service.create({ kind: 'webhook', name: 'broken', url: `${base}/fail/SECRETPATH` });
    const result = await service.test(failing.id);
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`${base} answered 500`);
    await expect(service.dispatch(notification, 'prod-1')).resolves.toBeUndefined();
    const closed = await service.create({
      kind: 'ntfy',
      name: 'closed',
      url: 'http://127.0.0.1:9/SECRETPATH',
    });
    const unreachable = await service.test(closed.id);
    expect(unreachable).toEqual({ ok: false, message: 'Cannot reach http://127.0.0.1:9' });
  });
});

describe('deploy notices', () => {
  it('name a workload stage as "workload stage" for a blue-green deploy', () => {
    const notice = deployNotice(
      {
        id: 3,
        hostId: 'h1',
        kind: 'blue-green',
        workloadId: 4,
        stage: 'prod',
        containerName: 'shop.prod',
        image: 'reg.example/shop:v2.1.0',
        digest: null,
        previousImage: null,
        state: 'done',
        step: 'retire',
        reason: null,
        createdAt: '2026-12-03T10:00:00.000Z',
        finishedAt: '2026-12-03T10:01:00.000Z',
        steps: [],
      },
      'prod-1',
    );
    expect(notice.title).toBe('shop prod on prod-1 updated to v2.1.0');
  });
});

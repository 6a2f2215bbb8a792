/**
 * DIUN's webhook notifier and the DIUN dashboard's REST API, against a real core and its real listener.
 * The client below is written from the DIUN dashboard's integration notes (paths, bodies, status codes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, send, startWebhookCore, type WebhookCore } from './webhook-test-kit';

/** The example body of the DIUN dashboard's notes. */
const SEED_EVENT = {
  diun_version: '4.28.0',
  hostname: 'docker-host',
  status: 'new',
  provider: 'docker',
  image: 'registry/org/image:tag',
  hub_link: 'https://hub.docker.com/r/...',
  mime_type: 'application/vnd.docker.distribution.manifest.v2+json',
  digest: 'sha256:abc123...',
  created: '2026-03-23T10:00:00Z',
  platform: 'linux/amd64',
  metadata: { ctn_names: 'container-name', ctn_id: 'abc123', ctn_state: 'running', ctn_status: 'Up 2 days' },
};

/** What DIUN 4.x itself sends (more metadata fields, status `update`). */
const DIUN_REAL_EVENT = {
  diun_version: '4.28.0',
  hostname: 'lab-dock1',
  status: 'update',
  provider: 'docker',
  image: 'docker.io/crazymax/diun:latest',
  hub_link: 'https://hub.docker.com/r/crazymax/diun',
  mime_type: 'application/vnd.docker.distribution.manifest.list.v2+json',
  digest: 'sha256:216e3ae7de4ca8b553eb11ef7abda00651e79e537e85c46108284e5e91673e01',
  created: '2020-03-26T12:23:56Z',
  platform: 'linux/amd64',
  metadata: {
    ctn_command: 'diun serve',
    ctn_createdat: '2022-12-29 10:22:15 +0100 CET',
    ctn_id: '0dbd10e15b31add2c48856fd34451adabf50d276efa466fe19a8ef5fbd87ad7c',
    ctn_names: 'diun',
    ctn_size: '0B',
    ctn_state: 'running',
    ctn_status: 'Up Less than a second (health: starting)',
  },
};

let kit: WebhookCore;
let hostId = '';
const diun = (body: unknown, headers: Record<string, string> = {}) =>
  send(kit.url, {
    path: '/webhook',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { ...json, authorization: kit.secrets.diun ?? '', ...headers },
  });
/** The DIUN dashboard API client (plus the token Tidewatch requires). */
const api = (method: string, path: string, body?: unknown) =>
  send(kit.url, {
    method,
    path,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...json, authorization: `Bearer ${kit.secrets.api ?? ''}` },
  });

beforeAll(async () => {
  kit = await startWebhookCore();
  // A host named like DIUN's hostname: its events are matched to it.
  hostId = (
    await kit.client.call('hosts.create', {
      name: 'lab-dock1',
      address: '10.0.0.5',
      port: 22,
      user: 'u',
      auth: { kind: 'agent' },
      jumpHostId: null,
      dockerSocket: '/var/run/docker.sock',
      dockerEnabled: true,
      group: null,
      color: null,
    })
  ).id;
});
afterAll(() => kit.dispose());

describe('POST /webhook (DIUN)', () => {
  it('takes the seed example and DIUN 4 payloads into the list, keyed by image', async () => {
    const first = await diun(SEED_EVENT);
    expect(first.status).toBe(200);
    expect(first.body).toBe('');
    expect((await diun(DIUN_REAL_EVENT)).status).toBe(200);
    await kit.core.webhooks.worker.idle();
    const list = await kit.client.call('webhooks.diunUpdates');
    const seed = list.find((entry) => entry.image === 'registry/org/image:tag');
    expect(seed).toMatchObject({ hostname: 'docker-host', status: 'new', hostId: null, acknowledged: false });
    const real = list.find((entry) => entry.image === 'docker.io/crazymax/diun:latest');
    expect(real).toMatchObject({
      hostId,
      matchedContainer: 'diun',
      status: 'update',
    });
    const log = await kit.client.call('webhooks.deliveries', { source: 'diun' });
    expect(log.some((entry) => entry.state === 'done' && entry.action.includes('lab-dock1/diun'))).toBe(true);
  });

  it('refuses a wrong or missing Authorization with 401 and logs it without the secret', async () => {
    expect((await diun(SEED_EVENT, { authorization: 'wrong' })).status).toBe(401);
    const missing = await send(kit.url, {
      path: '/webhook',
      body: JSON.stringify(SEED_EVENT),
      headers: json,
    });
    expect(missing.status).toBe(401);
    const log = await kit.client.call('webhooks.deliveries', { source: 'diun', limit: 5 });
    expect(log[0]).toMatchObject({ state: 'rejected', status: 401 });
    expect(JSON.stringify(log)).not.toContain(kit.secrets.diun);
  });

  it('answers 400 for invalid JSON or a missing image, 405 for GET, 415 for another type, 413 for a big body', async () => {
    expect((await diun('{not json')).status).toBe(400);
    const noImage = await diun({ ...SEED_EVENT, image: undefined });
    expect(noImage.status).toBe(400);
    expect(noImage.body).toContain('missing image');
    expect((await send(kit.url, { method: 'GET', path: '/webhook' })).status).toBe(405);
    expect((await diun(SEED_EVENT, { 'content-type': 'text/plain' })).status).toBe(415);
    const big = JSON.stringify({ ...SEED_EVENT, padding: 'x'.repeat(2 * 1024 * 1024) });
    expect((await diun(big)).status).toBe(413);
  });

  it('acts once on the same payload sent twice', async () => {
    const event = { ...SEED_EVENT, image: 'registry/org/twice:1' };
    expect((await diun(event)).status).toBe(200);
    expect((await diun(event)).status).toBe(200);
    const log = await kit.client.call('webhooks.deliveries', { source: 'diun', limit: 2 });
    expect(log.map((entry) => entry.state)).toEqual(['duplicate', expect.stringMatching(/queued|done/)]);
  });
});

describe('the DIUN dashboard API', () => {
  it('needs the token', async () => {
    const answer = await send(kit.url, { method: 'GET', path: '/api/updates' });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  });

  it('GET /api/updates answers an object keyed by image with event, received_at, acknowledged, tag', async () => {
    await kit.core.webhooks.worker.idle();
    const answer = await api('GET', '/api/updates');
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as Record<
      string,
      { event: typeof SEED_EVENT; acknowledged: boolean; tag: unknown; received_at: string }
    >;
    const entry = body['registry/org/image:tag'];
    expect(entry?.event).toEqual(SEED_EVENT);
    expect(entry?.acknowledged).toBe(false);
    expect(entry?.tag).toBeNull();
    expect(Number.isNaN(Date.parse(entry?.received_at ?? ''))).toBe(false);
  });

  it('tags: create 201, duplicate 409, empty 400, list 200, delete 204 then 404, bad id 400', async () => {
    const created = await api('POST', '/api/tags', { name: 'production' });
    expect(created.status).toBe(201);
    const tag = JSON.parse(created.body) as { id: number; name: string };
    expect(tag.name).toBe('production');
    expect((await api('POST', '/api/tags', { name: 'production' })).status).toBe(409);
    expect((await api('POST', '/api/tags', { name: '' })).status).toBe(400);
    const staging = JSON.parse((await api('POST', '/api/tags', { name: 'staging' })).body) as { id: number };
    const list = await api('GET', '/api/tags');
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toEqual(
      expect.arrayContaining([
        { id: tag.id, name: 'production' },
        { id: staging.id, name: 'staging' },
      ]),
    );
    expect((await api('DELETE', `/api/tags/${staging.id}`)).status).toBe(204);
    expect((await api('DELETE', `/api/tags/${staging.id}`)).status).toBe(404);
    expect((await api('DELETE', '/api/tags/abc')).status).toBe(400);
    expect((await api('PUT', '/api/tags')).status).toBe(405);
  });

  it('tag assignments: PUT 204 (replaces), unknown tag 404, bad body 400, DELETE 204; tag deletion cascades', async () => {
    const tag = JSON.parse((await api('POST', '/api/tags', { name: 'web' })).body) as { id: number };
    const image = 'registry/org/image:tag';
    expect((await api('PUT', '/api/tag-assignments', { image, tag_id: tag.id })).status).toBe(204);
    let updates = JSON.parse((await api('GET', '/api/updates')).body) as Record<string, { tag: unknown }>;
    expect(updates[image]?.tag).toEqual({ id: tag.id, name: 'web' });
    expect((await api('PUT', '/api/tag-assignments', { image, tag_id: 999_999 })).status).toBe(404);
    expect((await api('PUT', '/api/tag-assignments', { image })).status).toBe(400);
    expect((await api('DELETE', '/api/tag-assignments', { image })).status).toBe(204);
    updates = JSON.parse((await api('GET', '/api/updates')).body) as Record<string, { tag: unknown }>;
    expect(updates[image]?.tag).toBeNull();
    expect((await api('PUT', '/api/tag-assignments', { image, tag_id: tag.id })).status).toBe(204);
    expect((await api('DELETE', `/api/tags/${tag.id}`)).status).toBe(204);
    updates = JSON.parse((await api('GET', '/api/updates')).body) as Record<string, { tag: unknown }>;
    expect(updates[image]?.tag).toBeNull();
  });

  it('PATCH /api/updates/{image} acknowledges (204), 404 for an unknown image; a new event re-opens it', async () => {
    const path = `/api/updates/${encodeURIComponent('registry/org/image:tag')}`;
    expect((await api('PATCH', path)).status).toBe(204);
    let updates = JSON.parse((await api('GET', '/api/updates')).body) as Record<
      string,
      { acknowledged: boolean }
    >;
    expect(updates['registry/org/image:tag']?.acknowledged).toBe(true);
    expect((await api('PATCH', '/api/updates/nope%2Fnothing')).status).toBe(404);
    expect((await api('GET', path)).status).toBe(405);
    await diun({ ...SEED_EVENT, digest: 'sha256:newer' });
    await kit.core.webhooks.worker.idle();
    updates = JSON.parse((await api('GET', '/api/updates')).body) as Record<
      string,
      { acknowledged: boolean }
    >;
    expect(updates['registry/org/image:tag']?.acknowledged).toBe(false);
  });

  it('webhooks.diunAcknowledge is NOT_FOUND for an unknown image', async () => {
    await expect(
      kit.client.call('webhooks.diunAcknowledge', { image: 'no/such:image' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

// Registry authentication against real registries: the lab's htpasswd registry (:5001) with credentials
// from the secret store, and a bearer-token registry this test starts in the registry namespace.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WatchedContainer } from '../../electron/core/updates/container-source';
import { startBearerRegistry, type BearerRegistry } from './helpers/bearer-registry';
import { copyImage } from './helpers/registry-api';
import { makeUpdatesCore, type UpdatesTestCore } from './helpers/updates-core';

const lab = inject('lab');
const amd64 = { os: 'linux', architecture: 'amd64' };

/** Fixed container records: these registries are not logged in on the lab engines. */
function fakeSource(containers: WatchedContainer[]) {
  return { hosts: () => [{ id: 'fake', name: 'fake-host' }], listContainers: async () => containers };
}

function container(name: string, image: string, digest: string): WatchedContainer {
  const repo = image.slice(0, image.lastIndexOf(':'));
  return {
    id: name,
    name,
    image,
    imageId: `sha256:${'0'.repeat(64)}`,
    repoDigests: [`${repo}@${digest}`],
    labels: {},
    platform: amd64,
  };
}

describe('Basic auth registry (:5001) with credentials from the secret store', () => {
  let t: UpdatesTestCore;
  const web = () => lab.images.webBasic;

  beforeAll(() => {
    t = makeUpdatesCore(
      fakeSource([
        container('basic-web', `${lab.registries.basic}/lab/web:1.0.0`, lab.images.webBasic.tags['1.0.0']!),
      ]),
    );
  });
  afterAll(async () => t?.dispose());

  it('stores the password in the secret store only and authenticates with it', async () => {
    const registry = await t.client.call('registries.create', {
      host: lab.registries.basic,
      username: lab.registries.basicUser,
      password: lab.registries.basicPassword,
      insecure: true,
    });
    expect(await t.secrets.get(`tidewatch:registry:${registry.id}`)).toBe(lab.registries.basicPassword);
    expect(JSON.stringify(await t.client.call('registries.list'))).not.toContain(
      lab.registries.basicPassword,
    );

    expect(await t.client.call('registries.test', { id: registry.id })).toMatchObject({
      status: 'ok',
      auth: 'basic',
    });
    const client = t.core.updates.client;
    const resolved = await client.resolveDigest(lab.registries.basic, 'lab/web', '1.0.0', amd64);
    expect(resolved.digest).toBe(web().tags['1.0.0']);
    expect(await client.listTags(lab.registries.basic, 'lab/web')).toEqual(
      expect.arrayContaining(['1.0.0', '1.1.0', '2.0.0', 'latest']),
    );
  });

  it('finds the newer tag through the poller', async () => {
    await t.core.updates.poller.run();
    const [entry] = await t.client.call('updates.list');
    expect(entry).toMatchObject({ containerName: 'basic-web', kind: 'major', availableTag: '2.0.0' });
  });

  it('says unauthorized, without the password, for wrong or missing credentials', async () => {
    const wrong = await t.client.call('registries.test', {
      host: lab.registries.basic,
      username: lab.registries.basicUser,
      password: 'wrong-password-123',
      insecure: true,
    });
    expect(wrong.status).toBe('unauthorized');
    expect(wrong.message).not.toContain('wrong-password-123');
    const anonymous = await t.client.call('registries.test', { host: lab.registries.basic, insecure: true });
    expect(anonymous).toMatchObject({ status: 'unauthorized' });
  });

  it('refuses plain HTTP unless the registry is configured insecure', async () => {
    const secure = await t.client.call('registries.test', { host: lab.registries.plain, insecure: false });
    expect(secure.status).toBe('unreachable');
  });
});

describe('Bearer token registry with a token server', () => {
  let bearer: BearerRegistry;
  let t: UpdatesTestCore;

  beforeAll(async () => {
    bearer = await startBearerRegistry();
    const from = { base: `http://${lab.registries.plain}` };
    const to = { base: `http://${bearer.host}`, auth: bearer.authHeader };
    for (const tag of ['1.0.0', '2.0.0']) await copyImage(from, 'lab/web', tag, to, 'lab/web', tag);
    t = makeUpdatesCore(
      fakeSource([container('bearer-web', `${bearer.host}/lab/web:1.0.0`, lab.images.web.tags['1.0.0']!)]),
    );
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
    await bearer?.stop();
  });

  it('gets a token for the scope from the realm, with the stored credentials, and caches it', async () => {
    const registry = await t.client.call('registries.create', {
      host: bearer.host,
      username: bearer.username,
      password: bearer.password,
      insecure: true,
    });
    expect(await t.client.call('registries.test', { id: registry.id })).toMatchObject({
      status: 'ok',
      auth: 'bearer',
    });

    bearer.tokenRequests.length = 0;
    const client = t.core.updates.client;
    const first = await client.resolveDigest(bearer.host, 'lab/web', '1.0.0', amd64);
    expect(first.digest).toBe(lab.images.web.tags['1.0.0']);
    expect(bearer.tokenRequests).toEqual([
      { status: 200, scope: 'repository:lab/web:pull', authenticated: true },
    ]);
    t.counter.reset();
    await client.resolveDigest(bearer.host, 'lab/web', '1.0.0', amd64);
    await client.listTags(bearer.host, 'lab/web');
    expect(bearer.tokenRequests).toHaveLength(1);
    // Authenticated up front with the cached token: no 401 round trip.
    expect(t.counter.requests.map((r) => r.status)).toEqual([200, 200]);
  });

  it('finds the newer tag through the poller', async () => {
    await t.core.updates.poller.run();
    const [entry] = await t.client.call('updates.list');
    expect(entry).toMatchObject({ containerName: 'bearer-web', kind: 'major', availableTag: '2.0.0' });
  });

  it('reports unauthorized when the token server refuses', async () => {
    const anonymous = await t.client.call('registries.test', { host: bearer.host, insecure: true });
    expect(anonymous.status).toBe('unauthorized');
    const wrong = await t.client.call('registries.test', {
      host: bearer.host,
      username: bearer.username,
      password: 'not-the-password',
      insecure: true,
    });
    expect(wrong.status).toBe('unauthorized');
    expect(bearer.tokenRequests.some((r) => r.status === 401)).toBe(true);
  });
});

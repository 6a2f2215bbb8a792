/**
 * Images, volumes and networks of dock1 through the contract. Everything this file creates is its own
 * (`res-` names, images committed from its own containers so they have ids nobody else shares) and it
 * never prunes the shared engine: image prune is checked by its preview and a remove by id of the dangling
 * image this file made.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli } from '../lab/lab';
import { createHash } from 'node:crypto';
import { copyImage, getManifest, putManifest, type RegistryEndpoint } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, waitForEvent, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const baseImage = `${lab.images.web.repo}:1.0.0`;
const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const name = (what: string) => `res-${what}-${suffix}`;
let t: TestCore;
let hostId: string;
const cleanup: string[][] = [];

async function docker(args: string[]): Promise<string> {
  return (await dockerCli('dock1', args)).trim();
}

/** An image of this file's own: a commit of a fresh container, labelled so its id is unique. */
async function ownImage(tag: string): Promise<string> {
  const source = name(`src-${Math.random().toString(36).slice(2, 6)}`);
  await docker(['create', '--name', source, baseImage]);
  const id = await docker(['commit', '--change', `LABEL res.test=${source}`, source, tag]);
  await docker(['rm', '-f', source]);
  cleanup.push(['rmi', '-f', id]);
  return id;
}

/**
 * Gives `repo:tag` a config of its own (a label) over the same layers: an image id dock1 has never seen,
 * so the pull reports each layer (as already there) instead of only "image is up to date".
 */
async function relabel(endpoint: RegistryEndpoint, repo: string, tag: string): Promise<void> {
  const manifest = await getManifest(endpoint, repo, tag);
  const body = JSON.parse(manifest.bytes.toString()) as { config: { digest: string; size: number } };
  const auth = (await endpoint.auth?.(repo, 'pull,push')) ?? '';
  const configResponse = await fetch(`${endpoint.base}/v2/${repo}/blobs/${body.config.digest}`, {
    headers: { authorization: auth },
  });
  const config = (await configResponse.json()) as { config?: { Labels?: Record<string, string> } };
  config.config = { ...config.config, Labels: { ...config.config?.Labels, 'res.test': suffix } };
  const bytes = Buffer.from(JSON.stringify(config));
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const started = await fetch(`${endpoint.base}/v2/${repo}/blobs/uploads/`, {
    method: 'POST',
    headers: { authorization: auth },
  });
  const location = new URL(started.headers.get('location') ?? '', endpoint.base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { authorization: auth, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(put.status).toBe(201);
  body.config = { ...body.config, digest, size: bytes.length };
  await putManifest(endpoint, repo, tag, Buffer.from(JSON.stringify(body)), manifest.mediaType);
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
}, 120_000);

afterAll(async () => {
  for (const args of cleanup.reverse()) await dockerCli('dock1', args).catch(() => undefined);
  await t?.close();
}, 120_000);

describe('host resources', { timeout: 180_000 }, () => {
  it('lists an image with its tags and users, refuses removing it while used, removes it after', async () => {
    const tag = `${name('img')}:1`;
    const id = await ownImage(tag);
    const container = name('user');
    cleanup.push(['rm', '-f', container]);
    await docker(['create', '--name', container, tag]);

    const listed = (await t.client.call('images.list', { hostId })).find((image) => image.id === id);
    expect(listed).toMatchObject({ repoTags: [tag], dangling: false, containers: [container] });
    expect(listed?.size).toBeGreaterThan(0);

    const refused = t.client.call('images.remove', { hostId, imageId: tag });
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(refused).rejects.toThrow(container);

    await docker(['rm', '-f', container]);
    expect(await t.client.call('images.remove', { hostId, imageId: tag })).toEqual({
      removed: true,
      id: tag,
    });
    expect((await t.client.call('images.list', { hostId })).some((image) => image.id === id)).toBe(false);
    await expect(docker(['image', 'inspect', id])).rejects.toThrow();
  });

  it('shows a dangling image of ours in the prune preview and removes it by id', async () => {
    const tag = `${name('dang')}:1`;
    const first = await ownImage(tag);
    await ownImage(tag); // the tag moves: the first image is left without one
    const preview = await t.client.call('images.prunePreview', { hostId });
    const entry = preview.images.find((image) => image.id === first);
    expect(entry).toMatchObject({ dangling: true, containers: [] });
    expect(preview.reclaimableBytes).toBeGreaterThanOrEqual(entry?.size ?? 1);

    expect(await t.client.call('images.remove', { hostId, imageId: first })).toMatchObject({ removed: true });
    const after = await t.client.call('images.prunePreview', { hostId });
    expect(after.images.some((image) => image.id === first)).toBe(false);
  });

  it('pulls with the saved registry login, reporting each layer, and without it says why', async () => {
    const repo = `res/${name('pull')}`;
    const basicAuth = `Basic ${Buffer.from(`${lab.registries.basicUser}:${lab.registries.basicPassword}`).toString('base64')}`;
    const basic: RegistryEndpoint = { base: `http://${lab.registries.basic}`, auth: async () => basicAuth };
    await copyImage({ base: `http://${lab.registries.plain}` }, 'lab/web', '1.0.0', basic, repo, '1.0.0');
    await relabel(basic, repo, '1.0.0');
    const reference = `${lab.registries.basic}/${repo}:1.0.0`;
    cleanup.push(['rmi', '-f', reference]);

    const anonymous = t.client.call('images.pull', { hostId, reference });
    await expect(anonymous).rejects.toThrow();
    await expect(anonymous).rejects.not.toThrow(lab.registries.basicPassword);

    await t.client.call('registries.create', {
      host: lab.registries.basic,
      username: lab.registries.basicUser,
      password: lab.registries.basicPassword,
      insecure: true,
    });
    const { pullId } = await t.client.call('images.pull', { hostId, reference });
    const last = await waitForEvent(
      t,
      'images.pullProgress',
      (event) => event.pullId === pullId && event.done,
    );
    expect(last).toMatchObject({ hostId, reference, error: null });
    expect(last.layers.length).toBeGreaterThan(0);
    for (const layer of last.layers) expect(layer.id).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(t.events)).not.toContain(lab.registries.basicPassword);
    expect(await docker(['image', 'inspect', '--format', '{{.Id}}', reference])).toMatch(/^sha256:/);
    expect(await t.client.call('images.cancelPull', { pullId })).toEqual({ cancelled: false });
  });

  it('lists volumes with their users, refuses removing one in use, removes it after', async () => {
    const volume = name('vol');
    const container = name('vuser');
    cleanup.push(['rm', '-f', container], ['volume', 'rm', '-f', volume]);
    await docker(['volume', 'create', volume]);
    await docker(['create', '--name', container, '-v', `${volume}:/data`, baseImage]);

    const listed = (await t.client.call('volumes.list', { hostId })).find((v) => v.name === volume);
    expect(listed).toMatchObject({ driver: 'local', containers: [container] });
    expect(listed?.mountpoint).toContain(volume);
    await expectCode(t.client.call('volumes.remove', { hostId, name: volume }), 'CONFLICT');

    await docker(['rm', '-f', container]);
    expect(await t.client.call('volumes.remove', { hostId, name: volume })).toEqual({
      removed: true,
      id: volume,
    });
    await expect(docker(['volume', 'inspect', volume])).rejects.toThrow();
    await expectCode(t.client.call('volumes.remove', { hostId, name: volume }), 'NOT_FOUND');
  });

  it('lists networks with attached containers and addresses; built-in and attached ones stay', async () => {
    const network = name('net');
    const container = name('nuser');
    cleanup.push(['rm', '-f', container], ['network', 'rm', network]);
    await docker(['network', 'create', network]);
    await docker(['run', '-d', '--name', container, '--network', network, baseImage]);

    const networks = await t.client.call('networks.list', { hostId });
    const listed = networks.find((n) => n.name === network);
    expect(listed).toMatchObject({ driver: 'bridge', scope: 'local', builtIn: false });
    expect(listed?.subnets[0]?.subnet).toMatch(/\/\d+$/);
    expect(listed?.containers).toEqual([
      { name: container, ipv4: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), ipv6: null },
    ]);
    expect(networks.find((n) => n.name === 'bridge')?.builtIn).toBe(true);

    await expectCode(t.client.call('networks.remove', { hostId, networkId: network }), 'CONFLICT');
    await expectCode(t.client.call('networks.remove', { hostId, networkId: 'bridge' }), 'VALIDATION');
    await expectCode(t.client.call('networks.remove', { hostId, networkId: 'host' }), 'VALIDATION');

    await docker(['rm', '-f', container]);
    expect(await t.client.call('networks.remove', { hostId, networkId: listed?.id ?? '' })).toMatchObject({
      removed: true,
    });
    await expectCode(t.client.call('networks.remove', { hostId, networkId: network }), 'NOT_FOUND');
  });

  it('answers NOT_FOUND for unknown hosts and resources, VALIDATION for bad names', async () => {
    await expectCode(t.client.call('images.list', { hostId: 'no-such-host' }), 'NOT_FOUND');
    await expectCode(t.client.call('volumes.list', { hostId: 'no-such-host' }), 'NOT_FOUND');
    await expectCode(
      t.client.call('images.remove', { hostId, imageId: `sha256:${'0'.repeat(64)}` }),
      'NOT_FOUND',
    );
    await expectCode(t.client.call('volumes.remove', { hostId, name: name('nothing') }), 'NOT_FOUND');
    await expectCode(t.client.call('networks.remove', { hostId, networkId: name('nothing') }), 'NOT_FOUND');
    for (const bad of ['../containers/json', 'a/../../b', '', 'x?force=1', 'a b']) {
      await expectCode(t.client.call('volumes.remove', { hostId, name: bad }), 'VALIDATION');
      await expectCode(t.client.call('networks.remove', { hostId, networkId: bad }), 'VALIDATION');
    }
    for (const bad of ['../x', 'x?force=1', '/images/json', 'a//b', '#x']) {
      await expectCode(t.client.call('images.remove', { hostId, imageId: bad }), 'VALIDATION');
      await expectCode(t.client.call('images.pull', { hostId, reference: bad }), 'VALIDATION');
    }
    await expectCode(t.client.call('images.list', { hostId, extra: 1 } as never), 'VALIDATION');
  });
});

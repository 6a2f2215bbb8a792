/**
 * deploys.tags against dock1 and the lab registries: the tags of a container's repository come newest first
 * with their kind relative to the running tag; unknown containers are NOT_FOUND; a registry that refuses
 * says so without the password, and answers once the right credentials are saved.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli } from '../lab/lab';
import { copyImage } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const registry = { base: `http://${lab.registries.plain}` };
const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const repo = `ctr/tags-${suffix}`;
const plain = { name: `ctr-tags-${suffix}`, image: `${lab.registries.plain}/${repo}:1.0.0` };
// The basic-auth registry's copy of lab/web, named on dock1 without a pull (dock1 has no login there).
const basic = { name: `ctr-tags-basic-${suffix}`, image: `${lab.registries.basic}/lab/web:1.0.0` };
let t: TestCore;
let hostId: string;

beforeAll(async () => {
  // lab/web 1.0.0 under every tag: listing tags never reads the images behind them.
  for (const tag of ['0.9.0', '1.0.0', '1.0.1', '1.1.0', '1.1.0-rc1', '2.0.0', '1.1', 'latest'])
    await copyImage(registry, 'lab/web', '1.0.0', registry, repo, tag);
  await dockerCli('dock1', ['run', '-d', '--name', plain.name, plain.image]);
  await dockerCli('dock1', ['tag', `${lab.registries.plain}/lab/web:1.0.0`, basic.image]);
  await dockerCli('dock1', ['create', '--name', basic.name, basic.image]);
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  await t.client.call('registries.create', { host: lab.registries.plain, insecure: true });
}, 120_000);

afterAll(async () => {
  await dockerCli('dock1', ['rm', '-f', plain.name, basic.name]).catch(() => undefined);
  await t?.close();
});

describe('deploys.tags', () => {
  it('lists the repository newest first, each tag with its kind, the running one marked', async () => {
    const result = await t.client.call('deploys.tags', { hostId, containerName: plain.name });
    expect(result).toEqual({
      image: `${lab.registries.plain}/${repo}`,
      currentTag: '1.0.0',
      tags: [
        { tag: '2.0.0', kind: 'major' },
        { tag: '1.1.0', kind: 'minor' },
        { tag: '1.1', kind: 'other' },
        { tag: '1.0.1', kind: 'patch' },
        { tag: '1.0.0', kind: 'current' },
        { tag: '0.9.0', kind: 'older' },
        { tag: 'latest', kind: 'other' },
      ],
      total: 7,
    });
  });

  it('offers pre-releases when the setting says so', async () => {
    await t.client.call('settings.update', { includePrereleases: true });
    try {
      const { tags } = await t.client.call('deploys.tags', { hostId, containerName: plain.name });
      expect(tags.slice(0, 4)).toEqual([
        { tag: '2.0.0', kind: 'major' },
        { tag: '1.1.0', kind: 'minor' },
        { tag: '1.1', kind: 'other' },
        { tag: '1.1.0-rc1', kind: 'minor' },
      ]);
    } finally {
      await t.client.call('settings.update', { includePrereleases: false });
    }
  });

  it('answers NOT_FOUND for an unknown container or host, VALIDATION for extra fields', async () => {
    await expect(
      t.client.call('deploys.tags', { hostId, containerName: `ctr-no-such-${suffix}` }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('does not exist') });
    await expect(
      t.client.call('deploys.tags', {
        hostId: '00000000-0000-4000-8000-000000000000',
        containerName: plain.name,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.client.call('deploys.tags', { hostId, containerName: plain.name, tag: 'x' } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('says why a registry refused, without the secret, and lists once the credentials are right', async () => {
    // Not configured: plain HTTPS, which this lab registry does not speak.
    await expect(t.client.call('deploys.tags', { hostId, containerName: basic.name })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining(`Cannot list the tags of ${lab.registries.basic}/lab/web`),
    });
    const wrong = 'wrong-password-ctr-123';
    const saved = await t.client.call('registries.create', {
      host: lab.registries.basic,
      username: lab.registries.basicUser,
      password: wrong,
      insecure: true,
    });
    const refused = await t.client
      .call('deploys.tags', { hostId, containerName: basic.name })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining(`Cannot list the tags of ${lab.registries.basic}/lab/web`),
    });
    expect((refused as Error).message).not.toContain(wrong);

    await t.client.call('registries.update', { id: saved.id, password: lab.registries.basicPassword });
    const { tags, currentTag } = await t.client.call('deploys.tags', { hostId, containerName: basic.name });
    expect(currentTag).toBe('1.0.0');
    // The lab's own tags (other tests may add more to this shared repository).
    const known = new Set(['2.0.0', '1.1.0', '1.0.0', 'latest']);
    expect(tags.filter((choice) => known.has(choice.tag))).toEqual([
      { tag: '2.0.0', kind: 'major' },
      { tag: '1.1.0', kind: 'minor' },
      { tag: '1.0.0', kind: 'current' },
      { tag: 'latest', kind: 'other' },
    ]);
  });
});

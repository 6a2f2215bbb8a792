/**
 * The container page's details from dock1: what `docker inspect` says, in the contract's shape, with
 * secret-looking environment values masked until one is revealed; unknown containers, keys and bad ids.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli } from '../lab/lab';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;
let hostId: string;
const name = uniqueName('details');
const network = uniqueName('details-net');
const volume = uniqueName('details-vol');

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  await dockerCli('dock1', ['network', 'create', network]);
  await dockerCli('dock1', [
    'run',
    '-d',
    '--name',
    name,
    '--env',
    'MODE=prod',
    '--env',
    'DB_PASSWORD=hunter2',
    '--env',
    'API_TOKEN=abc123',
    '--env',
    'EMPTY_SECRET=',
    '--label',
    'com.docker.compose.project=shop',
    '--label',
    'tidewatch.update=patch',
    '--label',
    'team=web',
    '-v',
    `${volume}:/data`,
    '--tmpfs',
    '/scratch',
    '-p',
    '127.0.0.1::8080',
    '--network',
    network,
    '--network-alias',
    'shop-web',
    '--restart',
    'on-failure:3',
    `${lab.registries.plain}/lab/web:1.0.0`,
  ]);
}, 120_000);

afterAll(async () => {
  await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  await dockerCli('dock1', ['network', 'rm', network]).catch(() => undefined);
  await dockerCli('dock1', ['volume', 'rm', volume]).catch(() => undefined);
  await t?.close();
});

describe('containers.details', { timeout: 120_000 }, () => {
  it('shows what the container is, secrets masked', async () => {
    const details = await t.client.call('containers.details', { hostId, containerId: name });
    expect(details).toMatchObject({
      name,
      image: `${lab.registries.plain}/lab/web:1.0.0`,
      imageDigest: `${lab.registries.plain}/lab/web@${lab.images.web.tags['1.0.0']}`,
      state: 'running',
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      restartCount: 0,
      labels: { 'com.docker.compose.project': 'shop', 'tidewatch.update': 'patch', team: 'web' },
    });
    expect(details.env).toEqual(
      expect.arrayContaining([
        { key: 'MODE', value: 'prod', masked: false },
        { key: 'DB_PASSWORD', value: null, masked: true },
        { key: 'API_TOKEN', value: null, masked: true },
        { key: 'EMPTY_SECRET', value: '', masked: false },
      ]),
    );
    expect(JSON.stringify(details)).not.toContain('hunter2');
    expect(details.mounts).toEqual(
      expect.arrayContaining([{ type: 'volume', source: volume, destination: '/data', readOnly: false }]),
    );
    const port = details.ports.find((entry) => entry.privatePort === 8080);
    expect(port).toMatchObject({ type: 'tcp', ip: '127.0.0.1' });
    expect(port?.publicPort).toBeGreaterThan(0);
    const net = details.networks.find((entry) => entry.name === network);
    expect(net?.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(net?.aliases).toContain('shop-web');
    expect(details.startedAt).not.toBeNull();
    expect(details.command.length).toBeGreaterThan(0);
  });

  it('reveals one masked value on request, and refuses what does not exist', async () => {
    expect(
      await t.client.call('containers.revealEnv', { hostId, containerId: name, key: 'DB_PASSWORD' }),
    ).toEqual({ key: 'DB_PASSWORD', value: 'hunter2' });
    await expect(
      t.client.call('containers.revealEnv', { hostId, containerId: name, key: 'NOPE' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.client.call('containers.details', { hostId, containerId: 'no-such-container-here' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.client.call('containers.details', { hostId, containerId: '../../info' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      t.client.call('containers.details', {
        hostId: '00000000-0000-4000-8000-000000000000',
        containerId: name,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows the last health check results of an image with a HEALTHCHECK', async () => {
    for (;;) {
      const details = await t.client.call('containers.details', { hostId, containerId: name });
      if (details.healthLog.length > 0) {
        expect(details.health).toMatch(/healthy|starting/);
        expect(details.healthLog.at(-1)).toMatchObject({ exitCode: expect.any(Number) });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  it('samples live resource use of a running container, zeros for a stopped one', async () => {
    const sample = await t.client.call('containers.stats', { hostId, containerId: name });
    expect(sample.running).toBe(true);
    expect(sample.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(sample.memoryBytes).toBeGreaterThan(0);
    expect(sample.memoryLimitBytes).toBeGreaterThan(sample.memoryBytes);
    expect(sample.pids).toBeGreaterThanOrEqual(1);
    expect(sample.onlineCpus).toBeGreaterThanOrEqual(1);

    const stopped = uniqueName('details-stopped');
    await dockerCli('dock1', ['create', '--name', stopped, `${lab.registries.plain}/lab/web:1.0.0`]);
    try {
      expect(await t.client.call('containers.stats', { hostId, containerId: stopped })).toMatchObject({
        running: false,
        memoryBytes: 0,
      });
    } finally {
      await dockerCli('dock1', ['rm', '-f', stopped]);
    }
    await expect(
      t.client.call('containers.stats', { hostId, containerId: 'no-such-container-here' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows CPU moving when the container burns it', async () => {
    const burner = uniqueName('details-burn');
    await dockerCli('dock1', [
      'run',
      '-d',
      '--name',
      burner,
      '--entrypoint',
      'sh',
      `${lab.registries.plain}/lab/web:1.0.0`,
      '-c',
      'while :; do :; done',
    ]);
    try {
      const idle = await t.client.call('containers.stats', { hostId, containerId: name });
      const busy = await t.client.call('containers.stats', { hostId, containerId: burner });
      // A busy loop keeps most of one CPU busy (the lab shares two cores with the tests: well above 10 %).
      expect(busy.cpuPercent).toBeGreaterThan(10);
      expect(busy.cpuPercent).toBeGreaterThan(idle.cpuPercent);
    } finally {
      await dockerCli('dock1', ['rm', '-f', burner]);
    }
  });
});

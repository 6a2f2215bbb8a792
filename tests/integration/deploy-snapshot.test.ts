/**
 * The deploy engine's snapshot against a real engine: a container with every kind of setting a user
 * gives `docker run` is snapshotted and rebuilt on a newer image; inspect of the copy must match the
 * original field by field (what the user set), while the new image's own defaults apply.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { endpointConfig, recreatePlan, takeSnapshot } from '../../electron/core/deploy/container-snapshot';
import { dockerCli } from '../lab/lab';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const oldImage = `${lab.images.web.repo}:1.0.0`;
const newImage = `${lab.images.web.repo}:1.1.0`;
let t: TestCore;
let docker: Docker;
const containers: string[] = [];
const networks: string[] = [];
const volumes: string[] = [];

beforeAll(async () => {
  t = await startTestCore();
  const hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  docker = (await t.core.docker.engine(hostId)).docker;
  await dockerCli('dock1', ['pull', '-q', newImage]);
}, 120_000);

afterAll(async () => {
  for (const name of containers) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  for (const name of networks) await dockerCli('dock1', ['network', 'rm', name]).catch(() => undefined);
  for (const name of volumes) await dockerCli('dock1', ['volume', 'rm', name]).catch(() => undefined);
  await t?.close();
});

/** The parts of inspect a user sets, in a form two containers can be compared by. */
async function userView(info: Docker.ContainerInspectInfo) {
  const host = info.HostConfig as Docker.HostConfig & Record<string, unknown>;
  const image = (await docker.getImage(info.Image).inspect()).Config;
  const imageEnv = new Set(image.Env ?? []);
  const imageLabels = image.Labels ?? {};
  return {
    env: (info.Config.Env ?? []).filter((entry) => !imageEnv.has(entry)).sort(),
    cmd: info.Config.Cmd,
    entrypoint: info.Config.Entrypoint,
    user: info.Config.User,
    workingDir: info.Config.WorkingDir,
    hostname: info.Config.Hostname,
    labels: Object.fromEntries(
      Object.entries(info.Config.Labels ?? {}).filter(([key, value]) => imageLabels[key] !== value),
    ),
    healthcheck: info.Config.Healthcheck,
    binds: host.Binds,
    mounts: (info.Mounts ?? [])
      .map((mount) => `${mount.Type}:${mount.Name ?? mount.Source}:${mount.Destination}:${mount.RW}`)
      .sort(),
    tmpfs: host.Tmpfs,
    ports: host.PortBindings,
    restart: host.RestartPolicy,
    memory: host.Memory,
    nanoCpus: host.NanoCpus,
    capAdd: host.CapAdd,
    capDrop: host.CapDrop,
    extraHosts: host.ExtraHosts,
    logConfig: host.LogConfig,
    networkMode: host.NetworkMode,
    networks: Object.fromEntries(
      Object.entries(info.NetworkSettings.Networks).map(([name, endpoint]) => [
        name,
        {
          aliases: ((endpoint.Aliases ?? []) as string[])
            .filter((alias) => alias !== info.Id.slice(0, 12))
            .sort(),
          ip: (endpoint.IPAMConfig as { IPv4Address?: string } | null)?.IPv4Address ?? null,
        },
      ]),
    ),
  };
}

// Deploys pull, wait for health checks and watch periods: slow by nature, so a generous deadline.
describe('container snapshot', { timeout: 300_000 }, () => {
  it('rebuilds a container with every user setting on a newer image, field by field', async () => {
    const name = uniqueName('snap');
    const front = uniqueName('front');
    const back = uniqueName('back');
    const data = uniqueName('data');
    containers.push(name, `${name}-copy`);
    networks.push(front, back);
    volumes.push(data);
    await dockerCli('dock1', ['network', 'create', '--subnet', '10.77.0.0/24', front]);
    await dockerCli('dock1', ['network', 'create', back]);
    await dockerCli('dock1', ['volume', 'create', data]);
    await dockerCli('dock1', [
      'create',
      '--name',
      name,
      '--env',
      'MODE=production',
      '--env',
      'EMPTY=',
      '--label',
      'team=web',
      '--label',
      'com.docker.compose.project=shop',
      '--user',
      '0:0',
      '--workdir',
      '/www',
      '--hostname',
      'web-main',
      '-v',
      `${data}:/data`,
      '--mount',
      'type=bind,source=/tmp,target=/host-tmp,readonly',
      '--tmpfs',
      '/cache:size=1m',
      '-p',
      '127.0.0.1:18081:8080',
      '--restart',
      'unless-stopped',
      '--memory',
      '64m',
      '--cpus',
      '0.5',
      '--cap-add',
      'NET_ADMIN',
      '--cap-drop',
      'MKNOD',
      '--add-host',
      'db.internal:10.1.2.3',
      '--log-opt',
      'max-size=1m',
      '--health-cmd',
      'wget -q -O- http://127.0.0.1:8080/ || exit 1',
      '--health-interval',
      '3s',
      '--network',
      front,
      '--ip',
      '10.77.0.50',
      '--network-alias',
      'web',
      oldImage,
      'httpd',
      '-f',
      '-p',
      '8080',
      '-h',
      '/www',
    ]);
    await dockerCli('dock1', ['network', 'connect', '--alias', 'api', back, name]);

    const original = await docker.getContainer(name).inspect();
    const image = await docker.getImage(original.Image).inspect();
    const snapshot = takeSnapshot(original, image.Config);
    // The journal stores it as JSON: a round trip must lose nothing.
    const stored = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;

    // The original gives up its fixed address and port first, as the in-place update does.
    await docker.getContainer(name).rename({ name: `${name}-old` });
    containers.push(`${name}-old`);
    await docker.getContainer(`${name}-old`).remove({ force: true });

    const plan = recreatePlan(stored, newImage, `${name}-copy`);
    const created = await docker.createContainer(plan.create);
    for (const network of plan.connect) {
      await docker
        .getNetwork(network.name)
        .connect({ Container: created.id, EndpointConfig: endpointConfig(network) });
    }
    const copy = await created.inspect();

    expect(await userView(copy)).toEqual(await userView(original));
    expect(copy.Config.Image).toBe(newImage);
    expect(copy.Config.Labels).toMatchObject({ team: 'web', 'com.docker.compose.project': 'shop' });
    expect(Object.keys(copy.NetworkSettings.Networks).sort()).toEqual([back, front].sort());
  });

  it('leaves out what came from the old image, so the new image defaults apply', async () => {
    const name = uniqueName('plain');
    containers.push(name);
    await dockerCli('dock1', ['create', '--name', name, oldImage]);
    const original = await docker.getContainer(name).inspect();
    const image = await docker.getImage(original.Image).inspect();
    const snapshot = takeSnapshot(original, image.Config);
    expect(snapshot.config.Cmd).toBeUndefined();
    expect(snapshot.config.Entrypoint).toBeUndefined();
    expect(snapshot.config.Env).toBeUndefined();
    expect(snapshot.config.Healthcheck).toBeUndefined();
    expect(snapshot.config.Hostname).toBeUndefined();
    expect(snapshot.config.Labels).toBeUndefined();
    // Without the old image (removed meanwhile) everything is kept: nothing the user set can be lost.
    const blind = takeSnapshot(original, null);
    expect(blind.config.Cmd).toEqual(original.Config.Cmd);
    expect(blind.config.Env).toEqual(original.Config.Env);
  });

  it('carries anonymous volumes over by name, so their data survives the recreate', async () => {
    const name = uniqueName('anon');
    containers.push(name);
    await dockerCli('dock1', ['create', '--name', name, '-v', '/scratch', oldImage]);
    const original = await docker.getContainer(name).inspect();
    const volume = original.Mounts.find((mount) => mount.Destination === '/scratch');
    expect(volume?.Name).toMatch(/^[0-9a-f]{64}$/);
    if (volume?.Name) volumes.push(volume.Name);
    const snapshot = takeSnapshot(original, (await docker.getImage(original.Image).inspect()).Config);
    expect(snapshot.config.HostConfig?.Mounts).toContainEqual({
      Type: 'volume',
      Source: volume?.Name,
      Target: '/scratch',
      ReadOnly: false,
    });
  });
});

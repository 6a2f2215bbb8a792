/**
 * The proxy factory against dock1's real engine: the Caddy container is found by name and its admin API
 * reached through an SSH channel to its current IP; a missing, stopped or unaddressed container is a clear
 * UNAVAILABLE. Traefik labels are put on a real container and read back through the engine (Traefik itself
 * cannot be installed here, so nothing serves them).
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProxySettings } from '@shared/schemas/workloads';
import { createProxyProvider, type ProxyProviderDeps } from '../../electron/core/proxy/proxy-factory';
import { dockerCli } from '../lab/lab';
import { removeCaddy, sshDialer, startCaddy, type LabCaddy } from './helpers/caddy';

const lab = inject('lab');
const NETWORK = 'twproxy-fnet';
const OTHER_NETWORK = 'twproxy-fnet2';
const CADDY = 'twproxy-fcaddy';
const containers = new Set<string>([CADDY]);
let caddy: LabCaddy;
let ssh: Awaited<ReturnType<typeof sshDialer>>;
let deps: ProxyProviderDeps;

const base: ProxySettings = {
  hostId: 'dock1' as ProxySettings['hostId'],
  kind: 'caddy',
  caddyContainer: CADDY,
  caddyAdminPort: 2019,
  traefikEntrypoint: null,
  traefikCertResolver: null,
  npmUrl: null,
  npmEmail: null,
  npmPasswordSet: false,
  bindBasePath: null,
  https: false,
};
const route = { hostname: 'factory.twproxy.test', upstreams: ['twproxy-slot:8080'], healthPath: '/' };

beforeAll(async () => {
  caddy = await startCaddy({ engine: 'dock1', network: NETWORK, name: CADDY });
  ssh = await sshDialer(lab, 'dock1');
  const docker = new Docker({ socketPath: lab.hosts.dock1.dockerSocket });
  deps = {
    dial: ssh.dial,
    docker,
    npmPassword: () => Promise.resolve(null),
    listContainers: () => docker.listContainers({ all: true }),
  };
}, 180_000);

afterAll(async () => {
  for (const name of containers) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  if (caddy) await removeCaddy(caddy);
  ssh?.close();
  for (const network of [NETWORK, OTHER_NETWORK]) {
    await dockerCli('dock1', ['network', 'rm', network]).catch(() => undefined);
  }
});

describe('proxy factory on dock1', { timeout: 120_000 }, () => {
  it('finds the Caddy container by name and follows it to a new address', async () => {
    const provider = createProxyProvider(base, deps);
    await provider.upsertRoute(route);
    expect(await provider.health()).toEqual({
      ok: true,
      detail: expect.stringContaining(`${caddy.ip}:2019`),
    });

    // Moved to another network: a new IP, found again without building a new provider.
    await dockerCli('dock1', ['network', 'create', OTHER_NETWORK]);
    await dockerCli('dock1', ['network', 'connect', OTHER_NETWORK, CADDY]);
    await dockerCli('dock1', ['network', 'disconnect', NETWORK, CADDY]);
    const moved = (
      await dockerCli('dock1', [
        'inspect',
        '-f',
        `{{(index .NetworkSettings.Networks "${OTHER_NETWORK}").IPAddress}}`,
        CADDY,
      ])
    ).trim();
    expect(moved).not.toBe('');
    expect(moved).not.toBe(caddy.ip);
    expect(await provider.listRoutes()).toEqual([
      { hostname: route.hostname, upstreams: route.upstreams, managed: true },
    ]);
    expect((await provider.health()).detail).toContain(`${moved}:2019`);
  });

  it('says why when the container is missing, stopped or has no address', async () => {
    const missing = createProxyProvider({ ...base, caddyContainer: 'twproxy-nothing-here' }, deps);
    await expect(missing.upsertRoute(route)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      field: 'caddyContainer',
      message: 'The Caddy container "twproxy-nothing-here" does not exist on this host',
    });
    expect(await missing.health()).toEqual({ ok: false, detail: expect.stringContaining('does not exist') });

    containers.add('twproxy-nonet');
    await dockerCli('dock1', [
      'run',
      '-d',
      '--name',
      'twproxy-nonet',
      '--network',
      'none',
      `${lab.images.web.repo}:1.0.0`,
    ]);
    const unaddressed = createProxyProvider({ ...base, caddyContainer: 'twproxy-nonet' }, deps);
    await expect(unaddressed.listRoutes()).rejects.toMatchObject({
      message: /has no IP address on any network/,
    });

    await dockerCli('dock1', ['stop', CADDY]);
    const stopped = createProxyProvider(base, deps);
    await expect(stopped.listRoutes()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: `The Caddy container "${CADDY}" is not running (exited)`,
    });
    expect((await stopped.health()).ok).toBe(false);
  });

  it('puts Traefik labels on a real container and reads the route back from the engine', async () => {
    const traefik = createProxyProvider(
      { ...base, kind: 'traefik', traefikCertResolver: 'le', https: true },
      deps,
    );
    const labels = traefik.containerLabels(route);
    containers.add('twproxy-labelled');
    await dockerCli('dock1', [
      'run',
      '-d',
      '--name',
      'twproxy-labelled',
      ...Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]),
      `${lab.images.web.repo}:1.0.0`,
    ]);
    const found = (await traefik.listRoutes()).find((r) => r.hostname === route.hostname);
    expect(found).toEqual({ hostname: route.hostname, upstreams: ['twproxy-labelled:8080'], managed: true });
    // No Traefik runs in the lab: health says so rather than pretending.
    expect(await traefik.health()).toEqual({
      ok: false,
      detail: expect.stringMatching(/No running Traefik/),
    });
  });
});

/**
 * The Caddy provider against a real Caddy 2.6 on dock1, reached like production: an SSH direct-tcpip channel
 * from dock1 to the Caddy container's admin port. Two busybox httpd containers stand behind slot aliases on
 * the network `twproxy-net`; Caddy's :80 is published on dock1's lab address so the test sends requests
 * through it as a client would.
 */
import { Agent, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { channelRequest } from '../../electron/core/proxy/channel-http';
import { CaddyProvider } from '../../electron/core/proxy/caddy-provider';
import type { RouteSpec } from '../../electron/core/proxy/proxy-provider';
import { dockerCli } from '../lab/lab';
import { adminWrites, removeCaddy, sshDialer, startCaddy, type LabCaddy } from './helpers/caddy';

const lab = inject('lab');
const NETWORK = 'twproxy-net';
const CADDY = 'twproxy-caddy';
const PUBLISHED = { hostIp: lab.hosts.dock1.ip, port: 18480 };
const web = (tag: string) => `${lab.images.web.repo}:${tag}`;
const containers = new Set<string>();
let caddy: LabCaddy;
let ssh: Awaited<ReturnType<typeof sshDialer>>;
let provider: CaddyProvider;

const route: RouteSpec = {
  hostname: 'app.twproxy.test',
  upstreams: ['twproxy-slot-a:8080', 'twproxy-slot-b:8080'],
  healthPath: '/',
};

beforeAll(async () => {
  await dockerCli('dock1', ['pull', '-q', web('1.1.0')]);
  caddy = await startCaddy({ engine: 'dock1', network: NETWORK, name: CADDY, publish: PUBLISHED });
  ssh = await sshDialer(lab, 'dock1');
  provider = new CaddyProvider({
    locate: () => Promise.resolve({ address: caddy.adminAddress, dial: () => ssh.dial(caddy.ip, 2019) }),
  });
  await runWeb('twproxy-web-a', 'twproxy-slot-a', '1.0.0');
  await runWeb('twproxy-web-b', 'twproxy-slot-b', '1.1.0');
}, 180_000);

afterAll(async () => {
  for (const name of containers) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  if (caddy) await removeCaddy(caddy);
  ssh?.close();
  await dockerCli('dock1', ['network', 'rm', NETWORK]).catch(() => undefined);
});

/** A lab web container (httpd on 8080) on the network under a slot alias; waits for its HEALTHCHECK. */
async function runWeb(name: string, alias: string, tag: string): Promise<void> {
  containers.add(name);
  await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  await dockerCli('dock1', [
    'run',
    '-d',
    '--name',
    name,
    '--network',
    NETWORK,
    '--network-alias',
    alias,
    web(tag),
  ]);
  // Polled by hand: expect.poll works inside tests only, and this also runs in beforeAll.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const health = await dockerCli('dock1', ['inspect', '-f', '{{.State.Health.Status}}', name]);
    if (health.trim() === 'healthy') return;
    if (Date.now() > deadline) throw new Error(`${name} did not become healthy (${health.trim()})`);
    await sleep(500);
  }
}

interface Answer {
  status: number;
  upstream: string | undefined;
  body: string;
}

/** One request through the published Caddy port with the route's Host header. */
function viaCaddy(hostname: string, agent?: Agent, port = PUBLISHED.port): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: PUBLISHED.hostIp,
        port,
        path: '/',
        headers: { host: hostname },
        agent,
        timeout: 20_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            upstream: res.headers['x-tidewatch-upstream'] as string,
            body,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** One HTTPS request to Caddy's published :443 (its internal CA is not trusted here: the test checks routing). */
function viaTls(hostname: string, port: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: PUBLISHED.hostIp,
        port,
        servername: hostname,
        path: '/',
        headers: { host: hostname },
        rejectUnauthorized: false,
        timeout: 20_000,
      },
      (res) => {
        res.resume();
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            upstream: res.headers['x-tidewatch-upstream'] as string,
            body: '',
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** An admin API request the way an admin would make it by hand (no Tidewatch @id). */
async function adminByHand(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
  const response = await channelRequest(() => ssh.dial(caddy.ip, 2019), {
    method,
    path,
    body,
    host: caddy.adminAddress,
    timeoutMs: 30_000,
  });
  expect(response.status, response.text).toBe(200);
  return response.json;
}

describe('Caddy provider (real Caddy 2.6 on dock1)', { timeout: 120_000 }, () => {
  it('creates the server and the route on a fresh Caddy; the same route again writes nothing', async () => {
    expect(await adminByHand('GET', '/config/apps')).toBeNull();
    await provider.upsertRoute(route);
    expect(await adminWrites(caddy)).toEqual(['PUT /config/apps']);

    const server = (await adminByHand('GET', '/config/apps/http/servers/tidewatch')) as {
      listen: string[];
      routes: Array<Record<string, unknown>>;
    };
    expect(server.listen).toEqual([':80']);
    expect(server.routes.map((r) => r['@id'])).toEqual(['tidewatch-route-app.twproxy.test']);

    // Idempotent: the route is already what we want, so no admin write (each would be a full reload).
    await provider.upsertRoute(route);
    await provider.upsertRoute({ ...route, hostname: 'APP.twproxy.test' });
    expect(await adminWrites(caddy)).toHaveLength(1);
    expect(await provider.listRoutes()).toEqual([
      { hostname: 'app.twproxy.test', upstreams: route.upstreams, managed: true },
    ]);
  });

  it('serves the first slot and says which one answered', async () => {
    // Active health checks need a round (1 s) before both slots are known healthy.
    await expect
      .poll(() => viaCaddy(route.hostname), { timeout: 30_000, interval: 500 })
      .toMatchObject({
        status: 200,
        upstream: 'twproxy-slot-a:8080',
        body: expect.stringContaining('1.0.0'),
      });
    const health = await provider.health();
    expect(health).toEqual({ ok: true, detail: expect.stringContaining(caddy.adminAddress) });
    expect(health.detail).toMatch(/1 Tidewatch route/);
  });

  it('answers from slot B once slot A has no container, and from A again when it is back', async () => {
    const writes = (await adminWrites(caddy)).length;
    await dockerCli('dock1', ['stop', 'twproxy-web-a']);
    // The very next request already succeeds: Caddy retries it on slot B (try_duration).
    const next = await viaCaddy(route.hostname);
    expect(next).toMatchObject({ status: 200, upstream: 'twproxy-slot-b:8080' });
    expect(next.body).toContain('1.1.0');

    await dockerCli('dock1', ['start', 'twproxy-web-a']);
    await expect
      .poll(async () => (await viaCaddy(route.hostname)).upstream, { timeout: 60_000, interval: 500 })
      .toBe('twproxy-slot-a:8080');
    // All of this without one admin call: the slots did it.
    expect(await adminWrites(caddy)).toHaveLength(writes);
  });

  it('never touches servers and routes the admin made by hand', async () => {
    const handRoute = {
      match: [{ host: ['hand.twproxy.test'] }],
      handle: [{ handler: 'static_response', body: 'by hand' }],
    };
    await adminByHand('POST', '/config/apps/http/servers/manual', {
      listen: [':8081'],
      routes: [{ match: [{ host: ['other.twproxy.test'] }], handle: [{ handler: 'static_response' }] }],
    });
    await adminByHand('POST', '/config/apps/http/servers/tidewatch/routes', handRoute);

    // A changed route is replaced in place; a new one goes in front of the hand-made route.
    await provider.upsertRoute({ ...route, healthPath: '/index.html' });
    await provider.upsertRoute({
      hostname: 'second.twproxy.test',
      upstreams: ['twproxy-slot-b:8080'],
      healthPath: '/',
    });
    const routes = await provider.listRoutes();
    expect(routes).toEqual(
      expect.arrayContaining([
        { hostname: 'app.twproxy.test', upstreams: route.upstreams, managed: true },
        { hostname: 'second.twproxy.test', upstreams: ['twproxy-slot-b:8080'], managed: true },
        { hostname: 'hand.twproxy.test', upstreams: [], managed: false },
        { hostname: 'other.twproxy.test', upstreams: [], managed: false },
      ]),
    );
    expect(routes).toHaveLength(4);
    const app = (await adminByHand('GET', '/id/tidewatch-route-app.twproxy.test')) as {
      handle: Array<{ health_checks: { active: { uri: string } } }>;
    };
    expect(app.handle[0]?.health_checks.active.uri).toBe('/index.html');

    // Deleting a hand-made hostname removes nothing: only our @id is ever deleted.
    expect(await provider.deleteRoute('hand.twproxy.test')).toBe(false);
    const ours = (await adminByHand('GET', '/config/apps/http/servers/tidewatch/routes')) as unknown[];
    expect(ours).toHaveLength(3);
    expect(ours.at(-1)).toEqual(handRoute);
    expect(await adminByHand('GET', '/config/apps/http/servers/manual/listen')).toEqual([':8081']);
    expect((await viaCaddy('second.twproxy.test')).upstream).toBe('twproxy-slot-b:8080');
  });

  it('deletes a route by its id, and a second delete is not an error', async () => {
    expect(await provider.deleteRoute('second.twproxy.test')).toBe(true);
    expect(await provider.deleteRoute('second.twproxy.test')).toBe(false);
    const hostnames = (await provider.listRoutes()).map((r) => r.hostname).sort();
    expect(hostnames).toEqual(['app.twproxy.test', 'hand.twproxy.test', 'other.twproxy.test']);
    await expect(provider.deleteRoute('not a hostname')).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('reports an admin API it cannot reach, and refuses bad routes before writing', async () => {
    const closed = new CaddyProvider({
      locate: () => Promise.resolve({ address: `${caddy.ip}:2020`, dial: () => ssh.dial(caddy.ip, 2020) }),
    });
    const health = await closed.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(new RegExp(`${caddy.ip}:2020 cannot be reached`));
    await expect(closed.listRoutes()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const writes = (await adminWrites(caddy)).length;
    await expect(provider.upsertRoute({ ...route, upstreams: ['no port'] })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(provider.upsertRoute({ ...route, upstreams: [] })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect(await adminWrites(caddy)).toHaveLength(writes);
  });

  it('with HTTPS, creates its server on :443: Caddy serves the route with TLS and redirects :80', async () => {
    const tlsCaddy = await startCaddy({
      engine: 'dock1',
      network: NETWORK,
      name: 'twproxy-caddy-tls',
      publish: { hostIp: PUBLISHED.hostIp, port: 18481, tlsPort: 18443 },
    });
    containers.add(tlsCaddy.name);
    const tls = new CaddyProvider({
      https: true,
      locate: () =>
        Promise.resolve({ address: tlsCaddy.adminAddress, dial: () => ssh.dial(tlsCaddy.ip, 2019) }),
    });
    // A *.localhost name: Caddy's automatic HTTPS uses its internal CA for it (no ACME, nothing leaves the lab).
    const hostname = 'app.twproxy.localhost';
    await tls.upsertRoute({ ...route, hostname });
    const listen = await channelRequest(() => ssh.dial(tlsCaddy.ip, 2019), {
      method: 'GET',
      path: '/config/apps/http/servers/tidewatch/listen',
      host: tlsCaddy.adminAddress,
      timeoutMs: 30_000,
    });
    expect(listen.json).toEqual([':443']);
    await expect
      .poll(() => viaTls(hostname, 18443), { timeout: 60_000, interval: 1_000 })
      .toMatchObject({ status: 200, upstream: 'twproxy-slot-a:8080' });
    const plain = await viaCaddy(hostname, undefined, 18481);
    expect(plain.status).toBe(308);
    await removeCaddy(tlsCaddy);
  });

  it(
    'moves traffic between slots under a request loop, both ways (failed requests printed)',
    { timeout: 300_000 },
    async () => {
      // Like blue-green deploys: the old version serves one slot, the other is empty; the new version
      // starts in the empty slot, passes its gate, then the old one stops. No admin call during a switch.
      const hostname = 'loop.twproxy.test';
      await dockerCli('dock1', ['rm', '-f', 'twproxy-web-b']);
      await provider.upsertRoute({ hostname, upstreams: route.upstreams, healthPath: '/' });
      await expect
        .poll(async () => (await viaCaddy(hostname)).upstream, { timeout: 30_000, interval: 500 })
        .toBe('twproxy-slot-a:8080');
      const writes = (await adminWrites(caddy)).length;

      // A → B: slot B is second in the route, so Caddy keeps sending to A until A is gone.
      const forward = await underLoad(hostname, async () => {
        await runWeb('twproxy-web-b2', 'twproxy-slot-b', '1.1.0');
        // Caddy's own active check (every 1 s, 3 s timeout) must have seen slot B answer before A goes.
        await sleep(4_000);
        return () => retire('twproxy-web-a');
      });
      report('A → B (old in the first slot stops)', forward);
      expect(forward.last).toMatchObject({ status: 200, upstream: 'twproxy-slot-b:8080' });
      expect(forward.last?.body).toContain('1.1.0');

      // B → A: the new container takes the first slot, so Caddy prefers it as soon as its check passes.
      const back = await underLoad(hostname, async () => {
        await runWeb('twproxy-web-a2', 'twproxy-slot-a', '1.0.0');
        await sleep(4_000);
        return () => retire('twproxy-web-b2');
      });
      report('B → A (new in the first slot, old stops)', back);
      expect(back.last).toMatchObject({ status: 200, upstream: 'twproxy-slot-a:8080' });
      expect(back.last?.body).toContain('1.0.0');

      // The functional outcome, not the failure count: a loaded CI machine must not flake on timing.
      expect(forward.total).toBeGreaterThan(20);
      expect(back.total).toBeGreaterThan(20);
      expect(await adminWrites(caddy)).toHaveLength(writes);
    },
  );
});

interface Tally {
  total: number;
  failed: number;
  /** Failures by message, each with its time relative to the old container's stop (s). */
  failures: string[];
  /** The last answer (successful or not) the loop saw. */
  last: Answer | undefined;
  seconds: number;
  stopAt: number;
}

/**
 * Four clients with keep-alive connections request the route in a loop while `prepare` runs; the
 * function it answers (stopping the old container) runs next, then the loop goes on for 5 s.
 */
async function underLoad(hostname: string, prepare: () => Promise<() => Promise<void>>): Promise<Tally> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const started = Date.now();
  let stopAt = Number.NaN;
  const tally: Tally = { total: 0, failed: 0, failures: [], last: undefined, seconds: 0, stopAt: 0 };
  const at = () => `${((Date.now() - stopAt) / 1000).toFixed(2)} s`;
  let running = true;
  const worker = async () => {
    while (running) {
      tally.total++;
      try {
        const answer = await viaCaddy(hostname, agent);
        tally.last = answer;
        if (answer.status !== 200) {
          tally.failed++;
          tally.failures.push(`HTTP ${answer.status} at ${at()}`);
        }
      } catch (error) {
        tally.failed++;
        tally.failures.push(`${(error as Error).message} at ${at()}`);
      }
    }
  };
  const workers = Promise.all([worker(), worker(), worker(), worker()]);
  try {
    await sleep(2_000);
    const stopOld = await prepare();
    stopAt = Date.now();
    await stopOld();
    await sleep(5_000);
  } finally {
    running = false;
    await workers;
    agent.destroy();
  }
  return { ...tally, seconds: (Date.now() - started) / 1000, stopAt: (stopAt - started) / 1000 };
}

/** What a deployer does with the old instance: stop it (SIGTERM), then remove it. */
async function retire(name: string): Promise<void> {
  await dockerCli('dock1', ['stop', name]);
  await dockerCli('dock1', ['rm', '-f', name]);
}

function report(what: string, tally: Tally): void {
  console.log(
    `[proxy-caddy] slot switch ${what}: ${tally.total} requests in ${tally.seconds.toFixed(1)} s, ` +
      `old container stopped at ${tally.stopAt.toFixed(1)} s, failed ${tally.failed}` +
      (tally.failures.length > 0 ? ` (${tally.failures.slice(0, 10).join('; ')})` : ''),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The host connectivity service on a real SshConnectionManager with a scripted dialer and a scripted Docker
// check: SSH state + the engine = the host status, the Docker check retried with back-off, and the Docker
// side told when an engine is ready or gone.
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/rpc/errors';
import { noDockerEngineMessage, SSH_ONLY_REASON, type HostStatus } from '@shared/schemas/hosts';
import type { Client } from 'ssh2';
import {
  HostConnectivity,
  type EngineHandle,
  type HostDockerSettings,
  type OpenEngineResult,
} from '../../electron/core/connectivity/host-connectivity';
import { silentLogger } from '../../electron/core/logging/logger';
import { SshConnectionManager } from '../../electron/core/ssh/ssh-connection-manager';
import { deferred, FakeDialer, flush, HOST_KEY, manualTimers, sshHost } from '../support/ssh-fakes';

class FakeEngine implements EngineHandle {
  closed = false;
  readonly socketPath = '/var/run/docker.sock';
  constructor(
    /** null for a local host's engine (no SSH). */
    readonly client: Client | null,
    readonly transport: 'streamlocal' | 'dial-stdio' | 'unix-socket' = 'streamlocal',
  ) {}
  close(): void {
    this.closed = true;
  }
}

type Check = (client: Client | null) => OpenEngineResult<FakeEngine> | Promise<OpenEngineResult<FakeEngine>>;

function setup(
  settings: Record<string, Partial<HostDockerSettings>> = {},
  heldDown: (hostId: string) => string | null = () => null,
) {
  const dialer = new FakeDialer();
  const manual = manualTimers();
  const ssh = new SshConnectionManager({
    resolver: { resolve: (hostId) => Promise.resolve(sshHost(hostId)) },
    dial: dialer.dial,
    logger: silentLogger,
    clock: manual.clock,
    timers: manual.timers,
    random: () => 0,
    backoff: { initialMs: 500, maxMs: 20_000, factor: 2, jitter: 0.3 },
  });
  const checks: Check[] = [];
  const probes: Array<{ socket: string; name: string }> = [];
  const states: HostStatus[] = [];
  const told: string[] = [];
  const connectivity = new HostConnectivity<FakeEngine>({
    ssh,
    openEngine: (link, dockerSocket, hostName) => {
      const client = link.kind === 'ssh' ? link.client : null;
      probes.push({ socket: dockerSocket, name: hostName });
      const check = checks.shift();
      return Promise.resolve(check ? check(client) : { ok: true, engine: new FakeEngine(client) });
    },
    dockerSettings: (hostId) => ({
      name: `${hostId}-name`,
      local: false,
      dockerEnabled: true,
      dockerSocket: '/var/run/docker.sock',
      ...settings[hostId],
    }),
    heldDown,
    onState: (status) => states.push(status),
    logger: silentLogger,
    clock: manual.clock,
    timers: manual.timers,
    random: () => 0,
    backoff: { initialMs: 500, maxMs: 20_000, factor: 2, jitter: 0.3 },
  });
  const engines: FakeEngine[] = [];
  connectivity.listenEngines({
    connected: (hostId, engine) => {
      engines.push(engine);
      told.push(`connected ${hostId}`);
    },
    lost: (hostId) => told.push(`lost ${hostId}`),
  });
  const missing =
    (reason: string): Check =>
    () => ({ ok: false, reason });
  return { connectivity, ssh, dialer, manual, checks, probes, states, told, engines, missing };
}

const stateNames = (states: HostStatus[]) => states.map((status) => `${status.state}: ${status.reason}`);

describe('HostConnectivity', () => {
  it('is connected once SSH is up and the Docker engine answered', async () => {
    const { connectivity, states, told, probes, engines } = setup();
    const status = await connectivity.connect('dock1');
    expect(status).toMatchObject({
      state: 'connected',
      reason: 'Connected',
      dockerTransport: 'streamlocal',
      fingerprint: HOST_KEY.fingerprint,
    });
    expect(stateNames(states)).toEqual([
      'connecting: Connecting to ada@dock1.lan:22',
      'connecting: SSH connected; checking the Docker engine',
      'connected: Connected',
    ]);
    expect(probes).toEqual([{ socket: '/var/run/docker.sock', name: 'dock1-name' }]);
    expect(told).toEqual(['connected dock1']);
    expect(await connectivity.engine('dock1')).toBe(engines[0]);
  });

  it('names dial-stdio in the reason when Docker is reached that way', async () => {
    const { connectivity, checks } = setup();
    checks.push((client) => ({ ok: true, engine: new FakeEngine(client, 'dial-stdio') }));
    expect(await connectivity.connect('dock1')).toMatchObject({
      state: 'connected',
      reason: 'Connected (Docker through docker system dial-stdio)',
      dockerTransport: 'dial-stdio',
    });
  });

  it('a failed Docker check is docker-unavailable with its reason, retried with back-off until it passes', async () => {
    const { connectivity, manual, checks, told, missing, engines } = setup();
    checks.push(missing('Docker at /var/run/docker.sock on dock1 did not answer: EACCES'));
    checks.push(missing('Docker at /var/run/docker.sock on dock1 did not answer: EACCES'));
    const start = manual.clock.now().getTime();

    const status = await connectivity.connect('dock1');
    expect(status).toMatchObject({
      state: 'docker-unavailable',
      reason: 'Docker at /var/run/docker.sock on dock1 did not answer: EACCES',
      fingerprint: HOST_KEY.fingerprint,
      nextRetryAt: new Date(start + 500).toISOString(),
    });
    // SSH is usable while Docker is not: the client is there for whoever needs SSH.
    await expect(connectivity.acquire('dock1')).resolves.toBeDefined();
    expect(told).toEqual([]);

    expect(manual.fire()).toBe(500);
    await flush();
    expect(connectivity.status('dock1')).toMatchObject({
      state: 'docker-unavailable',
      nextRetryAt: new Date(start + 500 + 1000).toISOString(),
    });
    expect(manual.fire()).toBe(1000);
    await flush();

    expect(connectivity.status('dock1')).toMatchObject({ state: 'connected', reason: 'Connected' });
    expect(connectivity.status('dock1').nextRetryAt).toBeUndefined();
    expect(manual.delays()).toEqual([]);
    expect(told).toEqual(['connected dock1']);
    expect(await connectivity.engine('dock1')).toBe(engines[0]);
  });

  it('engine() checks Docker again at once when the engine is missing, and says why when it still is', async () => {
    const { connectivity, checks, probes, missing, manual } = setup();
    checks.push(missing('no engine yet'));
    checks.push(missing('still no engine'));
    await connectivity.connect('dock1');
    expect(manual.delays()).toEqual([500]);

    await expect(connectivity.engine('dock1')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'still no engine',
    });
    expect(probes).toHaveLength(2);
    // The check it ran replaced the scheduled one, with the next delay.
    expect(manual.delays()).toEqual([1000]);

    const engine = await connectivity.engine('dock1');
    expect(engine).toBeInstanceOf(FakeEngine);
    expect(probes).toHaveLength(3);
    expect(connectivity.status('dock1').state).toBe('connected');
  });

  it('a lost connection closes the engine, tells the Docker side, and the reconnect brings a new engine', async () => {
    const { connectivity, dialer, manual, told, engines, states } = setup();
    await connectivity.connect('dock1');
    const first = engines[0] as FakeEngine;

    dialer.lastClient('dock1').drop();
    expect(first.closed).toBe(true);
    expect(told).toEqual(['connected dock1', 'lost dock1']);
    expect(connectivity.status('dock1')).toMatchObject({
      state: 'connecting',
      reason: 'Connection lost; reconnecting automatically',
    });
    expect(connectivity.status('dock1').nextRetryAt).toBeDefined();

    manual.fire();
    await flush();
    expect(told).toEqual(['connected dock1', 'lost dock1', 'connected dock1']);
    const second = engines[1] as FakeEngine;
    expect(second).not.toBe(first);
    expect(second.client).toBe(dialer.lastClient('dock1').asClient());
    expect(await connectivity.engine('dock1')).toBe(second);
    expect(states.at(-1)).toMatchObject({ state: 'connected', reason: 'Connected' });
  });

  it('drops a Docker check that finishes after the connection went away', async () => {
    const { connectivity, dialer, checks, told } = setup();
    const slow = deferred<OpenEngineResult<FakeEngine>>();
    let checked: Client | null = null;
    checks.push((client) => {
      checked = client;
      return slow.promise;
    });
    const connecting = connectivity.connect('dock1');
    await flush();
    expect(connectivity.status('dock1').reason).toBe('SSH connected; checking the Docker engine');

    connectivity.disconnect('dock1', 'Disconnected by the user');
    const late = new FakeEngine(checked as unknown as Client);
    slow.resolve({ ok: true, engine: late });
    const status = await connecting;

    expect(late.closed).toBe(true);
    expect(status).toMatchObject({ state: 'disconnected', reason: 'Disconnected by the user' });
    expect(told).toEqual(['lost dock1']);
    expect(dialer.lastClient('dock1').ended).toBe(true);
  });

  it('an SSH-only host is connected without a Docker check, and its engine is refused at once', async () => {
    const { connectivity, probes, told } = setup({ jump: { dockerEnabled: false } });
    const status = await connectivity.connect('jump');
    expect(status).toMatchObject({
      state: 'connected',
      reason: SSH_ONLY_REASON,
      fingerprint: HOST_KEY.fingerprint,
    });
    expect(status.dockerTransport).toBeUndefined();
    expect(probes).toEqual([]);
    expect(told).toEqual([]);
    await expect(connectivity.engine('jump')).rejects.toEqual(
      new AppError('UNAVAILABLE', noDockerEngineMessage('jump-name')),
    );
  });

  it('shows an SSH failure unchanged, and does not check Docker', async () => {
    const { connectivity, dialer, probes, manual } = setup();
    dialer.fail('dock1', {
      state: 'host-key-mismatch',
      reason: 'dock1 presents a different host key',
      retryable: false,
    });
    const status = await connectivity.connect('dock1');
    expect(status).toMatchObject({
      state: 'host-key-mismatch',
      reason: 'dock1 presents a different host key',
    });
    expect(probes).toEqual([]);
    expect(manual.delays()).toEqual([]);
    await expect(connectivity.acquire('dock1')).resolves.toBeDefined();
  });

  it('forget disconnects the host and tells the Docker side', async () => {
    const { connectivity, told, engines, states } = setup();
    await connectivity.connect('dock1');
    connectivity.forget('dock1');
    expect(engines[0]?.closed).toBe(true);
    expect(told).toEqual(['connected dock1', 'lost dock1']);
    expect(states.at(-1)).toMatchObject({ state: 'disconnected', reason: 'Host removed' });
  });

  describe('a local host (this machine, no SSH)', () => {
    const local = { this: { local: true, dockerSocket: '/run/docker.sock' } };
    const localEngine: Check = () => ({ ok: true, engine: new FakeEngine(null, 'unix-socket') });

    it('is connected by the Docker check alone: nothing is dialled, and SSH is refused', async () => {
      const { connectivity, dialer, checks, states, told, probes, engines } = setup(local);
      checks.push(localEngine);
      const status = await connectivity.connect('this');
      expect(status).toMatchObject({ state: 'connected', dockerTransport: 'unix-socket' });
      expect(status.fingerprint).toBeUndefined();
      expect(stateNames(states)).toEqual([
        'connecting: Checking the Docker engine',
        "connected: Connected (this machine's Docker socket)",
      ]);
      expect(dialer.calls).toEqual([]);
      expect(probes).toEqual([{ socket: '/run/docker.sock', name: 'this-name' }]);
      expect(told).toEqual(['connected this']);
      expect(await connectivity.engine('this')).toBe(engines[0]);
      await expect(connectivity.acquire('this')).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('has no SSH connection'),
      });
    });

    it('a missing engine is retried with back-off; disconnect stops the retries and tells the Docker side', async () => {
      const { connectivity, checks, manual, missing, told, engines } = setup(local);
      checks.push(missing('Docker is not reachable at /run/docker.sock on this-name: nothing is there'));
      checks.push(localEngine);
      expect(await connectivity.connect('this')).toMatchObject({ state: 'docker-unavailable' });
      expect(manual.fire()).toBe(500);
      await flush();
      expect(connectivity.status('this')).toMatchObject({ state: 'connected' });

      expect(connectivity.disconnect('this', 'Disconnected by the user')).toMatchObject({
        state: 'disconnected',
        reason: 'Disconnected by the user',
      });
      expect(engines[0]?.closed).toBe(true);
      expect(told).toEqual(['connected this', 'lost this']);
      expect(manual.delays()).toEqual([]);
    });

    it('on-demand use links it, unless the user holds it disconnected', async () => {
      const held = setup(local, () => 'this-name is disconnected: connect it first');
      await expect(held.connectivity.engine('this')).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: 'this-name is disconnected: connect it first',
      });
      expect(held.probes).toEqual([]);

      const free = setup(local);
      free.checks.push(localEngine);
      const engine = await free.connectivity.engine('this');
      expect(engine.transport).toBe('unix-socket');
      expect(free.connectivity.status('this').state).toBe('connected');
    });

    it('reconnect checks Docker again only when the host is wanted', async () => {
      const { connectivity, checks, probes } = setup(local);
      await connectivity.reconnect('this');
      expect(probes).toHaveLength(0);
      checks.push(localEngine, localEngine);
      await connectivity.connect('this');
      await connectivity.reconnect('this');
      expect(probes).toHaveLength(2);
      expect(connectivity.status('this').state).toBe('connected');
    });
  });
});

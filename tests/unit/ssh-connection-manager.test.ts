// The SSH connection manager without a network: a scripted dialer, fake clients and timers that fire when
// the test says so. It knows SSH only: states, `up` with the client, `lost`.
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/rpc/errors';
import { silentLogger } from '../../electron/core/logging/logger';
import {
  SshConnectionManager,
  type SshHost,
  type SshStatus,
} from '../../electron/core/ssh/ssh-connection-manager';
import { deferred, FakeDialer, flush, HOST_KEY, manualTimers, sshHost, stateLog } from '../support/ssh-fakes';
import type { DialResult } from '../../electron/core/ssh/ssh-dial';

const BACKOFF = { initialMs: 500, maxMs: 20_000, factor: 2, jitter: 0.3 };

function setup(options: { hosts?: SshHost[]; heldDown?: (hostId: string) => string | null } = {}) {
  const hosts = new Map((options.hosts ?? [sshHost('dock1')]).map((host) => [host.id ?? '', host]));
  const dialer = new FakeDialer();
  const manual = manualTimers();
  const log = stateLog();
  const events: string[] = [];
  const manager = new SshConnectionManager({
    resolver: {
      resolve: (hostId) => {
        const host = hosts.get(hostId);
        return host ? Promise.resolve(host) : Promise.reject(new AppError('NOT_FOUND', `No host ${hostId}`));
      },
    },
    dial: dialer.dial,
    logger: silentLogger,
    clock: manual.clock,
    timers: manual.timers,
    // No jitter: delays are the nominal ones (500, 1000, 2000 ms…).
    random: () => 0,
    backoff: BACKOFF,
    heldDown: options.heldDown,
  });
  manager.listen({
    state: (status) => log.states.push(status),
    up: (hostId) => events.push(`up ${hostId}`),
    lost: (hostId) => events.push(`lost ${hostId}`),
  });
  return { manager, dialer, manual, log, events };
}

const at = (start: Date, ms: number) => new Date(start.getTime() + ms).toISOString();
const unreachable = { state: 'unreachable' as const, reason: 'Cannot reach dock1.lan', retryable: true };

describe('SshConnectionManager', () => {
  it('connects and reports up with the presented key', async () => {
    const { manager, log, events } = setup();
    const status = await manager.connect('dock1');
    expect(status).toMatchObject({ state: 'up', reason: 'SSH connected', fingerprint: HOST_KEY.fingerprint });
    expect(log.names('dock1')).toEqual(['connecting', 'up']);
    expect(log.of('dock1')[0]?.reason).toBe('Connecting to ada@dock1.lan:22');
    expect(events).toEqual(['up dock1']);
  });

  it('reconnects with back-off after a loss, and reports the loss first', async () => {
    const { manager, dialer, manual, log, events } = setup();
    await manager.connect('dock1');
    const first = dialer.lastClient('dock1');
    const start = manual.clock.now();

    first.drop();
    expect(events).toEqual(['up dock1', 'lost dock1']);
    const lostState = log.of('dock1').at(-1) as SshStatus;
    expect(lostState).toMatchObject({
      state: 'connecting',
      reason: 'Connection lost; reconnecting automatically',
      nextRetryAt: at(start, 500),
    });
    expect(manager.current('dock1')).toBeNull();
    expect(manual.delays()).toEqual([500]);

    manual.fire();
    await flush();
    expect(dialer.dialsOf('dock1')).toBe(2);
    expect(manager.status('dock1').state).toBe('up');
    const second = dialer.lastClient('dock1');
    expect(second).not.toBe(first);
    expect(manager.current('dock1')).toBe(second.asClient());
    expect(events).toEqual(['up dock1', 'lost dock1', 'up dock1']);
    // A successful connection starts the back-off over.
    second.drop();
    expect(manual.delays()).toEqual([500]);
  });

  it('retries a retryable failure with a growing delay and says when', async () => {
    const { manager, dialer, manual, log } = setup();
    dialer.fail('dock1', unreachable);
    dialer.fail('dock1', unreachable);
    dialer.fail('dock1', unreachable);
    const start = manual.clock.now();

    const status = await manager.connect('dock1');
    expect(status).toMatchObject({
      state: 'unreachable',
      reason: 'Cannot reach dock1.lan; retrying automatically',
      nextRetryAt: at(start, 500),
    });

    expect(manual.fire()).toBe(500);
    await flush();
    expect(manager.status('dock1')).toMatchObject({
      state: 'unreachable',
      nextRetryAt: at(start, 500 + 1000),
    });
    expect(manual.fire()).toBe(1000);
    await flush();
    expect(manager.status('dock1')).toMatchObject({
      state: 'unreachable',
      nextRetryAt: at(start, 500 + 1000 + 2000),
    });
    expect(manual.fire()).toBe(2000);
    await flush();

    expect(dialer.dialsOf('dock1')).toBe(4);
    expect(manager.status('dock1').state).toBe('up');
    expect(manager.status('dock1').nextRetryAt).toBeUndefined();
    expect(manual.delays()).toEqual([]);
    expect(log.names('dock1')).toEqual([
      'connecting',
      'unreachable',
      'connecting',
      'unreachable',
      'connecting',
      'unreachable',
      'connecting',
      'up',
    ]);
  });

  it('does not retry a failure that will not go away by itself (auth)', async () => {
    const { manager, dialer, manual } = setup();
    dialer.fail('dock1', {
      state: 'auth-failed',
      reason: 'ada@dock1.lan:22 refused the key',
      retryable: false,
    });
    const status = await manager.connect('dock1');
    expect(status).toMatchObject({ state: 'auth-failed', reason: 'ada@dock1.lan:22 refused the key' });
    expect(status.nextRetryAt).toBeUndefined();
    expect(manual.delays()).toEqual([]);
    await expect(manager.acquire('dock1')).resolves.toBeDefined();
    // Only an explicit call dials again (here acquire, which then succeeded).
    expect(dialer.dialsOf('dock1')).toBe(2);
  });

  it('drops the late result of an attempt that a disconnect overtook', async () => {
    const { manager, dialer, log, events } = setup();
    const late = deferred<DialResult>();
    dialer.script('dock1', () => late.promise);

    const connecting = manager.connect('dock1');
    await flush();
    expect(dialer.dialsOf('dock1')).toBe(1);
    manager.disconnect('dock1', 'Disconnected by the user');

    const result = dialer.connected('dock1');
    late.resolve(result);
    await connecting;

    expect(dialer.lastClient('dock1').ended).toBe(true);
    expect(manager.status('dock1')).toMatchObject({
      state: 'disconnected',
      reason: 'Disconnected by the user',
    });
    expect(manager.current('dock1')).toBeNull();
    expect(events).toEqual([]);
    expect(log.names('dock1')).toEqual(['connecting', 'disconnected']);
  });

  it('reaches a host through its jump host, and disconnecting the jump host disconnects it too', async () => {
    const { manager, dialer, log, events } = setup({ hosts: [sshHost('jump'), sshHost('dock3', 'jump')] });
    await manager.connect('dock3');

    const jump = dialer.lastClient('jump');
    const dock3 = dialer.lastClient('dock3');
    expect(jump.forwards).toEqual([{ address: 'dock3.lan', port: 22 }]);
    const viaJump = dialer.calls.find((call) => call.target.name === 'dock3');
    expect(viaJump?.options.jumpName).toBe('jump');
    expect(viaJump?.options.sock).toBeDefined();
    expect(manager.status('jump').state).toBe('up');
    expect(manager.status('dock3').state).toBe('up');

    manager.disconnect('jump', 'Disconnected by the user');
    expect(jump.ended).toBe(true);
    expect(dock3.ended).toBe(true);
    expect(manager.status('dock3')).toMatchObject({
      state: 'disconnected',
      reason: 'Disconnected because its jump host was disconnected',
    });
    expect(log.of('dock3').at(-1)?.state).toBe('disconnected');
    expect(events).toEqual(['up jump', 'up dock3', 'lost jump', 'lost dock3']);
  });

  it('refuses to dial a held-down host on demand; connect brings it back', async () => {
    let held: string | null = 'dock1 is disconnected: connect it first';
    const { manager, dialer } = setup({ heldDown: () => held });

    await expect(manager.acquire('dock1')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'dock1 is disconnected: connect it first',
    });
    expect(dialer.dialsOf('dock1')).toBe(0);

    held = null;
    const client = await manager.acquire('dock1');
    expect(client).toBe(dialer.lastClient('dock1').asClient());
  });

  it('reports a host that is gone as disconnected, without retrying', async () => {
    const { manager, manual } = setup();
    const status = await manager.connect('nope');
    expect(status).toMatchObject({ state: 'disconnected', reason: 'No host nope' });
    expect(manual.delays()).toEqual([]);
  });
});

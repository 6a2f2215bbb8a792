/**
 * Fakes for the SSH connection manager and the host connectivity service, so reconnects are tested without a
 * network or a clock: clients are small EventEmitters, the dialer answers what the test scripts, timers fire
 * only when the test says so (and move the fake clock by their delay).
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Client } from 'ssh2';
import type { ConnectFailure } from '../../electron/core/ssh/connect-errors';
import type { PresentedHostKey } from '../../electron/core/ssh/host-key';
import type { SshHost, SshStatus } from '../../electron/core/ssh/ssh-connection-manager';
import type { DialOptions, DialResult, DialTarget } from '../../electron/core/ssh/ssh-dial';
import type { Clock } from '../../electron/core/util/clock';
import type { Timers } from '../../electron/core/util/timers';

export const HOST_KEY: PresentedHostKey = {
  algorithm: 'ssh-ed25519',
  fingerprint: `SHA256:${'A'.repeat(43)}`,
  keyBase64: 'AAAA',
};

/** An ssh2 Client as far as the manager uses it: `end` closes it, `forwardOut` opens a stream. */
export class FakeClient extends EventEmitter {
  ended = false;
  forwards: Array<{ address: string; port: number }> = [];

  constructor(readonly name: string) {
    super();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.emit('close');
  }

  /** The server side went away (sshd restarted, TCP reset). */
  drop(): void {
    this.ended = true;
    this.emit('close');
  }

  forwardOut(
    _srcIP: string,
    _srcPort: number,
    address: string,
    port: number,
    callback: (error: Error | undefined, stream: PassThrough) => void,
  ): void {
    if (this.ended) throw new Error('Not connected');
    this.forwards.push({ address, port });
    callback(undefined, new PassThrough());
  }

  asClient(): Client {
    return this as unknown as Client;
  }
}

type Answer = DialResult | Promise<DialResult>;

/** Answers dials per host name: scripted answers first, then a fresh connected client. */
export class FakeDialer {
  readonly calls: Array<{ target: DialTarget; options: DialOptions }> = [];
  readonly clients: FakeClient[] = [];
  private readonly scripted = new Map<string, Array<() => Answer>>();

  readonly dial = (target: DialTarget, options: DialOptions): Promise<DialResult> => {
    this.calls.push({ target, options });
    const next = this.scripted.get(target.name)?.shift();
    return Promise.resolve(next ? next() : this.connected(target.name));
  };

  /** The next dial of `name` answers this (in order). */
  script(name: string, answer: () => Answer): void {
    const queue = this.scripted.get(name) ?? [];
    queue.push(answer);
    this.scripted.set(name, queue);
  }

  fail(name: string, failure: ConnectFailure): void {
    this.script(name, () => ({ ok: false, failure, hostKey: null }));
  }

  connected(name: string): DialResult {
    const client = new FakeClient(name);
    this.clients.push(client);
    return { ok: true, client: client.asClient(), hostKey: HOST_KEY };
  }

  dialsOf(name: string): number {
    return this.calls.filter((call) => call.target.name === name).length;
  }

  lastClient(name: string): FakeClient {
    const client = this.clients.filter((candidate) => candidate.name === name).at(-1);
    if (!client) throw new Error(`no client for ${name}`);
    return client;
  }
}

export function sshHost(id: string, jumpHostId: string | null = null): SshHost {
  return {
    id,
    name: id,
    jumpHostId,
    jumpHostName: jumpHostId,
    target: {
      name: id,
      address: `${id}.lan`,
      port: 22,
      user: 'ada',
      auth: { kind: 'agent', agentSocket: null },
      pinnedKey: null,
    },
  };
}

/** Timers that fire only when the test says so; firing one moves the clock by its delay. */
export function manualTimers(start = new Date('2026-03-01T10:00:00.000Z')) {
  let now = start.getTime();
  let nextId = 1;
  const pending = new Map<number, { callback: () => void; ms: number }>();
  const clock: Clock = { now: () => new Date(now) };
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const id = nextId++;
      pending.set(id, { callback, ms });
      return id;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    clock,
    timers,
    /** Delays of the timers waiting now. */
    delays: () => [...pending.values()].map((timer) => timer.ms),
    /** Fires the only pending timer (fails when there is none or more than one). */
    fire(): number {
      if (pending.size !== 1) throw new Error(`expected one pending timer, found ${pending.size}`);
      const [[id, timer]] = [...pending.entries()] as [[number, { callback: () => void; ms: number }]];
      pending.delete(id);
      now += timer.ms;
      timer.callback();
      return timer.ms;
    },
  };
}

/** Lets every promise chain that is already resolvable run (no time passes). */
export async function flush(): Promise<void> {
  for (let round = 0; round < 20; round += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Collects the states a listener hears, per host. */
export function stateLog() {
  const states: SshStatus[] = [];
  return {
    states,
    of: (hostId: string) => states.filter((status) => status.hostId === hostId),
    names: (hostId: string) => states.filter((status) => status.hostId === hostId).map((s) => s.state),
  };
}

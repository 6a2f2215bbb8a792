// Shared setup for the SSH / Docker integration tests: a real core (temp data dir, real SQLite, real log
// file) driven through the memory transport and the typed client, exactly as the renderer would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { EventName, EventPayload } from '@shared/contract';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import type { Host, HostCreateInput, HostStateName, HostStatus } from '@shared/schemas/hosts';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { createCore, type Core, type CoreOptions } from '../../electron/core/app';
import { setupLogging } from '../../electron/core/logging/setup';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store';
import type { SecretStore } from '../../electron/core/secrets/secret-store';
import type { Redactor } from '../../electron/core/logging/redactor';
import { hostKeyFingerprint, type LabHostName } from '../lab/lab';

export interface TestCore {
  core: Core;
  client: TidewatchClient;
  dataDir: string;
  logFile: string;
  redactor: Redactor;
  secrets: SecretStore;
  /** Every event the client received, in order. */
  events: Array<{ name: EventName; payload: unknown }>;
  close(): Promise<void>;
}

export async function startTestCore(
  options: {
    secrets?: (redactor: Redactor, dataDir: string) => SecretStore;
    readyTimeoutMs?: number;
    /** The SSH agent socket for agent auth (null: no agent); omitted: the environment's SSH_AUTH_SOCK. */
    agentSocket?: string | null;
    /** The home whose ~/.ssh the core reads (ssh-config import, `~/` key paths). */
    homeDir?: string;
    /** Deploy engine timing (shorter health timeouts and watch periods for deploy tests). */
    deploys?: CoreOptions['deploys'];
    /** Swarm deploy timing (faster polling for Swarm tests). */
    swarm?: CoreOptions['swarm'];
    /** The webhook listener's address (e.g. 127.0.0.1:0), as the companion's --webhooks sets it. */
    webhooks?: CoreOptions['webhooks'];
  } = {},
): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-it-'));
  const logging = setupLogging(dataDir, { level: 'debug' });
  const secrets = options.secrets?.(logging.redactor, dataDir) ?? new MemorySecretStore();
  const core = createCore({
    dataDir,
    secrets,
    logger: logging.logger,
    redactor: logging.redactor,
    mode: 'test',
    version: '0.0.0-test',
    updates: { autoStart: false },
    ...(options.deploys ? { deploys: options.deploys } : {}),
    ...(options.swarm ? { swarm: options.swarm } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ssh: {
      readyTimeoutMs: options.readyTimeoutMs ?? 8000,
      keepaliveIntervalMs: 5000,
      backoff: { initialMs: 200, maxMs: 2000, factor: 2, jitter: 0.2 },
      ...(options.agentSocket !== undefined ? { agentSocket: options.agentSocket } : {}),
      ...(options.homeDir !== undefined ? { homeDir: options.homeDir } : {}),
    },
  });
  const transport = createMemoryTransport(core.dispatcher, core.events);
  const client = createClient(transport);
  const events: TestCore['events'] = [];
  transport.listen((name, payload) => events.push({ name: name as EventName, payload }));
  client.ready();
  return {
    core,
    client,
    dataDir,
    logFile: logging.file,
    redactor: logging.redactor,
    secrets,
    events,
    async close() {
      transport.close();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { labHost } from '../support/lab-host';

/** Creates a host and pins the lab's real key for it (read from the lab's files, not from the connection). */
export async function createTrustedHost(
  t: TestCore,
  input: HostCreateInput,
  labName: LabHostName,
): Promise<Host> {
  const host = await t.client.call('hosts.create', input);
  return t.client.call('hosts.trustHostKey', {
    hostId: host.id,
    fingerprint: await hostKeyFingerprint(labName),
  });
}

/** Waits for an event matching `predicate` (already received ones count). */
export async function waitForEvent<E extends EventName>(
  t: TestCore,
  name: E,
  predicate: (payload: EventPayload<E>) => boolean,
  // A deadline against a hang, not a speed target.
  timeoutMs = 90_000,
): Promise<EventPayload<E>> {
  let found: EventPayload<E> | undefined;
  await expect
    .poll(
      () => {
        found = t.events.find((e) => e.name === name && predicate(e.payload as EventPayload<E>))?.payload as
          EventPayload<E> | undefined;
        return found !== undefined;
      },
      { timeout: timeoutMs, interval: 50 },
    )
    .toBe(true);
  return found as EventPayload<E>;
}

export async function waitForState(
  t: TestCore,
  hostId: string,
  state: HostStateName,
  // A deadline against a hang, not a speed target: a loaded CI machine may take many seconds.
  timeoutMs = 90_000,
): Promise<HostStatus> {
  await expect
    .poll(async () => (await t.client.call('hosts.status')).find((s) => s.hostId === hostId)?.state, {
      timeout: timeoutMs,
      interval: 100,
    })
    .toBe(state);
  const status = (await t.client.call('hosts.status')).find((s) => s.hostId === hostId);
  return status as HostStatus;
}

export function uniqueName(prefix: string): string {
  return `it-${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

// A real core (SQLite in a temp dir, memory secrets) wired to a container source, with a clock the test
// can move and a fetch that counts registry requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@shared/rpc/client';
import { createCore, type Core } from '../../../electron/core/app';
import { createMemoryTransport } from '../../../electron/core/api/memory-transport';
import { silentLogger } from '../../../electron/core/logging/logger';
import { MemorySecretStore } from '../../../electron/core/secrets/memory-secret-store';
import type { ContainerSource } from '../../../electron/core/updates/container-source';

export interface MovableClock {
  now(): Date;
  advance(ms: number): void;
}

export function movableClock(start = Date.now()): MovableClock {
  let now = start;
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

export interface CountingFetch {
  fetch: typeof fetch;
  requests: Array<{ method: string; url: string; status: number; userAgent: string | null }>;
  reset(): void;
}

/** Wraps the global fetch and records every request (method, URL, status). */
export function countingFetch(): CountingFetch {
  const requests: CountingFetch['requests'] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = await fetch(input, init);
    const userAgent = (init?.headers as Record<string, string> | undefined)?.['user-agent'] ?? null;
    requests.push({ method: init?.method ?? 'GET', url, status: response.status, userAgent });
    return response;
  };
  return { fetch: wrapped, requests, reset: () => (requests.length = 0) };
}

export interface UpdatesTestCore {
  core: Core;
  client: ReturnType<typeof createClient>;
  secrets: MemorySecretStore;
  clock: MovableClock;
  counter: CountingFetch;
  dispose(): Promise<void>;
}

export function makeUpdatesCore(source: ContainerSource, clock = movableClock()): UpdatesTestCore {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidewatch-updates-'));
  const secrets = new MemorySecretStore();
  const counter = countingFetch();
  const core = createCore({
    dataDir,
    secrets,
    logger: silentLogger,
    mode: 'test',
    version: '0.0.0-test',
    clock,
    updates: { source, fetch: counter.fetch, autoStart: false },
  });
  const client = createClient(createMemoryTransport(core.dispatcher, core.events));
  return {
    core,
    client,
    secrets,
    clock,
    counter,
    async dispose() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

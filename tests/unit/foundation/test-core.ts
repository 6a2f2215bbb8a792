import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/core/app';
import { silentLogger, type Logger } from '../../../electron/core/logging/logger';
import { MemorySecretStore } from '../../../electron/core/secrets/memory-secret-store';

export interface TestCore {
  core: Core;
  dataDir: string;
  /** Closes the core and removes its data folder. */
  dispose(): Promise<void>;
}

/** A real core (real SQLite store in a temp folder, real dispatcher and events), secrets in memory. */
export function makeTestCore(options: { dataDir?: string; logger?: Logger } = {}): TestCore {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tidewatch-unit-'));
  const core = createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    logger: options.logger ?? silentLogger,
    mode: 'test',
    version: '0.0.0-test',
  });
  return {
    core,
    dataDir,
    async dispose() {
      await core.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small seeded PRNG (mulberry32): fuzz runs are random-looking but the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

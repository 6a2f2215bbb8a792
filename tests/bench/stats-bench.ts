/**
 * What live stats cost the core on the real lab: N containers of dock1 watched as their pages watch them
 * (`containers.stats` for each every 2 s), for 20 s, with the core's process CPU time measured beside the
 * same 20 s idle. Over the SSH tunnel, and over a local host's unix socket for comparison. Figures, not
 * assertions.
 * Run: npx tsx tests/bench/stats-bench.ts
 * (reuses a healthy running lab, else starts one and stops it after: support/bench-lab.ts)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TidewatchClient } from '@shared/rpc/client';
import { dockerCli, type LabInfo } from '../lab/lab';
import { addTrustedLabHost, clientOf, createQuietCore } from '../support/quiet-core';
import { onBenchLab } from './support/bench-lab';

const WATCHED = [1, 10, 30];
const CONTAINERS = Math.max(...WATCHED);
const WINDOW_MS = 20_000;
const EVERY_MS = 2_000;

/** CPU milliseconds the process used per wall second while `work` ran for the window. */
async function cpuPerSecond(work: (signal: AbortSignal) => Promise<void>): Promise<number> {
  const controller = new AbortController();
  const before = process.cpuUsage();
  const started = performance.now();
  const running = work(controller.signal);
  await sleep(WINDOW_MS);
  controller.abort();
  await running;
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / ((performance.now() - started) / 1000);
}

/** Polls each container's stats every 2 s, as an open container page does; collects call latencies. */
function watch(client: TidewatchClient, hostId: string, ids: string[], latencies: number[]) {
  return async (signal: AbortSignal): Promise<void> => {
    while (!signal.aborted) {
      const round = performance.now();
      await Promise.all(
        ids.map(async (containerId) => {
          const started = performance.now();
          await client.call('containers.stats', { hostId, containerId });
          latencies.push(performance.now() - started);
        }),
      );
      await sleep(Math.max(0, EVERY_MS - (performance.now() - round)));
    }
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(info: LabInfo): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-stats-bench-'));
  const core = createQuietCore(dataDir);
  const client = clientOf(core);
  const names = Array.from({ length: CONTAINERS }, (_, i) => `tw-stats-bench-${i}`);
  try {
    const sshHost = await addTrustedLabHost(client, info, 'dock1', { name: 'dock1 over ssh' });
    const localHost = (
      await client.call('hosts.createLocal', {
        name: 'dock1 socket',
        dockerSocket: info.hosts.dock1.dockerSocket ?? '',
      })
    ).id;
    for (const hostId of [sshHost, localHost]) {
      const status = await client.call('hosts.connect', { hostId });
      if (status.state !== 'connected') throw new Error(`not connected: ${status.reason}`);
    }
    const image = `${info.registries.plain}/lab/web:1.0.0`;
    const ids: string[] = [];
    for (const name of names) {
      await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
      ids.push((await dockerCli('dock1', ['run', '-d', '--name', name, image])).trim());
    }

    const idleBefore = await cpuPerSecond(async (signal) => {
      while (!signal.aborted) await sleep(100);
    });
    // Warm-up (JIT, the tunnel's channels), unmeasured, so the first case does not pay for it.
    const warm = new AbortController();
    const warming = watch(client, sshHost, ids, [])(warm.signal);
    const warmingLocal = watch(client, localHost, ids, [])(warm.signal);
    await sleep(6_000);
    warm.abort();
    await Promise.all([warming, warmingLocal]);

    // The core's floor: the lower of two idle windows (one may catch a collection of the warm-up's garbage).
    const idle = Math.min(
      idleBefore,
      await cpuPerSecond(async (signal) => {
        while (!signal.aborted) await sleep(100);
      }),
    );
    console.log(
      `Core CPU while ${WINDOW_MS / 1000} s of containers.stats every ${EVERY_MS / 1000} s per container (one run):\n`,
    );
    console.log(
      '| Watched | Through | Core CPU ms/s | Above idle per container | CPU per stats call | Stats call p50 |',
    );
    console.log('|---|---|---|---|---|---|');
    console.log(`| 0 | — | ${idle.toFixed(1)} | — | — | — |`);
    const cases: Array<[string, string, number]> = [
      ...WATCHED.map((count): [string, string, number] => ['SSH tunnel', sshHost, count]),
      ['local socket', localHost, CONTAINERS],
    ];
    for (const [through, hostId, count] of cases) {
      const latencies: number[] = [];
      const cpu = await cpuPerSecond(watch(client, hostId, ids.slice(0, count), latencies));
      const per = (cpu - idle) / count;
      const perCall = ((cpu - idle) * (WINDOW_MS / 1000)) / Math.max(1, latencies.length);
      console.log(
        `| ${count} | ${through} | ${cpu.toFixed(1)} | ${per.toFixed(2)} ms/s (${(per / 10).toFixed(2)} % of a core) | ${perCall.toFixed(1)} ms | ${median(latencies).toFixed(1)} ms |`,
      );
    }
    console.log(
      "\nA stats call waits for Docker to take its two samples (about a second), so calls overlap and the p50 is mostly Docker's wait.",
    );
    console.log(
      'CPU is the whole test process (core, in-memory contract transport, this loop); Docker and sshd run in the lab, not counted.',
    );
  } finally {
    for (const name of names) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

onBenchLab(main).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

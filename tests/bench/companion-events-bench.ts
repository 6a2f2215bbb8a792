/**
 * Event latency from a webhook delivery at a companion to the event in an attached core, over SSH:
 * the companion runs inside dock1's network namespace (as on a server), the core attaches through dock1's
 * SSH connection (direct-tcpip to the companion's loopback WebSocket API), and each DIUN delivery's
 * `webhooks.delivery` event is timed from the POST until it arrives relayed as `companions.event`. Beside
 * it, the same deliveries to this core's own listener and its own event: the cost of the relay is the
 * difference. One delivery at a time, 200 each. Run: `npx tsx tests/bench/companion-events-bench.ts` (after
 * `npm run build`; reuses a healthy running lab, else starts one and stops it after: support/bench-lab.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Core } from '../../electron/core/app';
import { hostNetns, type LabInfo } from '../lab/lab';
import { startCompanionProcess } from '../e2e/harness';
import { addTrustedLabHost, clientOf, createQuietCore } from '../support/quiet-core';
import { onBenchLab } from './support/bench-lab';

const DELIVERIES = 200;
const COMPANION_WEBHOOKS_PORT = 18_092;
const LOCAL_WEBHOOKS_PORT = 18_093;

interface Row {
  way: string;
  samples: number[];
}

/** Posts DELIVERIES DIUN notifications one at a time; each waits for `arrived(image)` before the next. */
async function time(
  way: string,
  url: string,
  secret: string,
  arrived: (image: string) => Promise<void>,
): Promise<Row> {
  const samples: number[] = [];
  for (let index = 0; index < DELIVERIES; index += 1) {
    const image = `bench/${way.length}-${index}:${Date.now()}`;
    const started = performance.now();
    const seen = arrived(image);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: secret },
      body: JSON.stringify({ image, hostname: 'bench', status: 'new' }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${way}: delivery answered ${response.status}`);
    await seen;
    samples.push(performance.now() - started);
  }
  return { way, samples };
}

/**
 * Resolves when this image's `webhooks.delivery` event reaches the core: relayed from the companion
 * (`companions.event`) or emitted by the core's own listener. The listener goes away then.
 */
function arrival(core: Core, from: 'companion' | 'own listener') {
  const isDelivery = (image: string, name: string, payload: unknown) =>
    name === 'webhooks.delivery' && (payload as { image?: string }).image === image;
  return (image: string) =>
    new Promise<void>((resolve) => {
      const stop =
        from === 'companion'
          ? core.events.on('companions.event', (relayed) => {
              if (isDelivery(image, relayed.event, relayed.payload)) done();
            })
          : core.events.on('webhooks.delivery', (payload) => {
              if (isDelivery(image, 'webhooks.delivery', payload)) done();
            });
      function done() {
        stop();
        resolve();
      }
    });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(lab: LabInfo): Promise<void> {
  const coreDir = mkdtempSync(join(tmpdir(), 'tw-bench-core-'));
  // Built first if needed; inside dock1's namespace its API is on dock1's loopback only.
  const companion = await startCompanionProcess({
    netns: hostNetns('dock1'),
    args: ['--webhooks', `0.0.0.0:${COMPANION_WEBHOOKS_PORT}`],
  });
  const core = createQuietCore(coreDir, { version: 'bench' });
  const rows: Row[] = [];
  try {
    const client = clientOf(core);
    const hostId = await addTrustedLabHost(client, lab, 'dock1');
    const attached = await client.call('companions.add', {
      hostId,
      port: companion.port,
      token: companion.token,
    });
    const remote = core.companions.client(attached.id);
    const remoteSecret =
      (await remote.call('webhooks.endpoints')).find((e) => e.name === 'diun')?.secret ?? '';
    rows.push(
      await time(
        'companion over SSH',
        `http://${lab.hosts.dock1.ip}:${COMPANION_WEBHOOKS_PORT}/webhook`,
        remoteSecret,
        arrival(core, 'companion'),
      ),
    );

    await client.call('webhooks.update', { enabled: true, listen: `127.0.0.1:${LOCAL_WEBHOOKS_PORT}` });
    const localSecret =
      (await client.call('webhooks.endpoints')).find((e) => e.name === 'diun')?.secret ?? '';
    rows.push(
      await time(
        'this core, no relay',
        `http://127.0.0.1:${LOCAL_WEBHOOKS_PORT}/webhook`,
        localSecret,
        arrival(core, 'own listener'),
      ),
    );
  } finally {
    await core.close();
    await companion.stop();
    rmSync(coreDir, { recursive: true, force: true });
  }

  console.log(`companion events bench: ${DELIVERIES} DIUN deliveries, one at a time, POST to event\n`);
  const header = ['way', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const lines = rows.map((row) => {
    const sorted = [...row.samples].sort((a, b) => a - b);
    return [
      row.way,
      ...[50, 95, 99].map((p) => percentile(sorted, p).toFixed(1)),
      (sorted.at(-1) ?? 0).toFixed(1),
    ];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  for (const line of [header, ...lines])
    console.log(line.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  const [relayed, direct] = rows.map((row) =>
    percentile(
      [...row.samples].sort((a, b) => a - b),
      50,
    ),
  );
  if (relayed !== undefined && direct !== undefined)
    console.log(
      `\nrelay cost at p50: +${(relayed - direct).toFixed(1)} ms (ratio ${(relayed / Math.max(0.1, direct)).toFixed(2)})`,
    );
}

onBenchLab(main).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

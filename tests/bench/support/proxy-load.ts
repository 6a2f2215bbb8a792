/**
 * Load through a reverse proxy while something changes behind it: a few clients on keep-alive connections
 * (as browsers are) ask one hostname through a published proxy port, and each case reports failures,
 * latency before and during the change, the longest gap between answers and when the new version answered.
 */
import { Agent, request } from 'node:http';

export const MIN_REQUESTS = 5_000;
export const WORKERS = 4;

export interface ProxyTarget {
  /** The published proxy port's address and port, and the Host header the route answers. */
  address: string;
  port: number;
  hostname: string;
}

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
  body: string;
}

export interface Row {
  way: string;
  requests: number;
  failed: number;
  p50Before: number;
  p99Before: number;
  p50During: number;
  p99During: number;
  longestGapMs: number;
  servingMs: number | null;
  note: string;
}

function loop(target: ProxyTarget) {
  const agent = new Agent({ keepAlive: true, maxSockets: WORKERS });
  const samples: Sample[] = [];
  let running = true;
  const once = () =>
    new Promise<Sample>((resolve) => {
      const at = performance.now();
      const req = request(
        { host: target.address, port: target.port, path: '/', agent, headers: { host: target.hostname } },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () =>
            resolve({ at, ms: performance.now() - at, ok: response.statusCode === 200, body }),
          );
          response.on('error', () => resolve({ at, ms: performance.now() - at, ok: false, body }));
        },
      );
      req.on('error', () => resolve({ at, ms: performance.now() - at, ok: false, body: '' }));
      req.end();
    });
  const workers = Array.from({ length: WORKERS }, async () => {
    while (running) samples.push(await once());
  });
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(workers);
      agent.destroy();
    },
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function measure(
  way: string,
  target: ProxyTarget,
  newBody: string | null,
  work: () => Promise<string>,
): Promise<Row> {
  const run = loop(target);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const started = performance.now();
  const note = await work();
  const done = performance.now();
  while (run.samples.length < MIN_REQUESTS) await new Promise((resolve) => setTimeout(resolve, 200));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await run.stop();
  const samples = run.samples.sort((a, b) => a.at - b.at);
  const before = samples.filter((sample) => sample.at < started && sample.ok).map((sample) => sample.ms);
  const during = samples
    .filter((sample) => sample.at >= started && sample.at <= done && sample.ok)
    .map((sample) => sample.ms);
  let longestGap = 0;
  let lastOk = samples[0]?.at ?? started;
  for (const sample of samples) {
    if (!sample.ok) continue;
    const end = sample.at + sample.ms;
    longestGap = Math.max(longestGap, end - lastOk);
    lastOk = end;
  }
  const firstNew = newBody
    ? samples.find((sample) => sample.at >= started && sample.ok && sample.body.includes(newBody))
    : undefined;
  return {
    way,
    requests: samples.length,
    failed: samples.filter((sample) => !sample.ok).length,
    p50Before: percentile(before, 50),
    p99Before: percentile(before, 99),
    p50During: percentile(during, 50),
    p99During: percentile(during, 99),
    longestGapMs: longestGap,
    servingMs: firstNew ? firstNew.at + firstNew.ms - started : null,
    note,
  };
}

/** The rows side by side, one line per case, then each case's note. */
export function printRows(rows: Row[]): void {
  const header = [
    'way',
    'requests',
    'failed',
    'p50/p99 before ms',
    'p50/p99 during ms',
    'longest gap ms',
    'to new version ms',
  ];
  const lines = rows.map((row) => [
    row.way,
    String(row.requests),
    String(row.failed),
    `${row.p50Before.toFixed(1)} / ${row.p99Before.toFixed(1)}`,
    `${row.p50During.toFixed(1)} / ${row.p99During.toFixed(1)}`,
    row.longestGapMs.toFixed(0),
    row.servingMs === null ? '-' : row.servingMs.toFixed(0),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  for (const line of [header, ...lines])
    console.log(line.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  for (const row of rows) console.log(`${row.way}: ${row.note}`);
}

/**
 * Webhook listener throughput and latency: valid signed GitHub package deliveries at a bounded rate
 * (1,000/s for 10 s), against Tidewatch's listener (routing, rate limit, body limit, HMAC over the raw
 * bytes, de-duplication, a row in the persisted queue, the answer, then the work) and against a bare
 * `node:http` server doing only the same HMAC check, on the same machine, printed side by side.
 * No lab needed. Run: `npx tsx tests/bench/webhooks-bench.ts`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientOf, createQuietCore } from '../support/quiet-core';

const RATE = 1000;
const SECONDS = 10;
const SECRET_FOR_BARE = 'bench-secret-bench-secret-bench-secret';

interface Result {
  sent: number;
  ok: number;
  failed: number;
  seconds: number;
  p50: number;
  p99: number;
}

function body(index: number): string {
  return JSON.stringify({
    action: 'published',
    package: {
      name: `app${index % 50}`,
      namespace: 'bench',
      package_type: 'container',
      package_version: { package_url: `ghcr.io/bench/app${index % 50}:1.0.${index}` },
    },
  });
}

/** Sends RATE requests a second for SECONDS (open loop: sends do not wait for answers). */
async function load(port: number, path: string, secret: string): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let sent = 0;
  const total = RATE * SECONDS;
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      while (sent < due) {
        const payload = body(sent);
        const signature = `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`;
        const at = performance.now();
        sent += 1;
        pending.push(
          new Promise<void>((resolve) => {
            const req = request(
              {
                port,
                host: '127.0.0.1',
                path,
                method: 'POST',
                agent,
                headers: {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                  'x-github-event': 'package',
                  'x-github-delivery': `bench-${sent}-${Math.random()}`,
                  'x-hub-signature-256': signature,
                },
              },
              (res) => {
                res.resume();
                res.on('end', () => {
                  latencies.push(performance.now() - at);
                  if (res.statusCode === 202) ok += 1;
                  else failed += 1;
                  resolve();
                });
              },
            );
            req.on('error', () => {
              failed += 1;
              resolve();
            });
            req.end(payload);
          }),
        );
      }
      if (sent >= total) {
        clearInterval(tick);
        done();
      }
    }, 5);
  });
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { sent, ok, failed, seconds, p50: at(0.5), p99: at(0.99) };
}

function bareServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const given = String(req.headers['x-hub-signature-256'] ?? '').slice(7);
      const expected = createHmac('sha256', SECRET_FOR_BARE).update(raw).digest('hex');
      const good =
        given.length === 64 && timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
      res.writeHead(good ? 202 : 401).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function row(name: string, result: Result): string {
  const throughput = result.ok / result.seconds;
  return `| ${name} | ${result.sent} | ${result.ok} | ${result.failed} | ${throughput.toFixed(0)}/s | ${result.p50.toFixed(1)} ms | ${result.p99.toFixed(1)} ms |`;
}

async function main(): Promise<void> {
  const bare = await bareServer();
  const bareResult = await load((bare.address() as AddressInfo).port, '/api/github', SECRET_FOR_BARE);
  await new Promise<void>((resolve) => bare.close(() => resolve()));

  const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-hooks-'));
  const core = createQuietCore(dataDir, { webhooks: { listen: '127.0.0.1:0' } });
  try {
    const client = clientOf(core);
    let url: string | null = null;
    while (!url) {
      url = (await client.call('webhooks.status')).state.url;
      if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.call('webhooks.update', { ratePerMinute: 100_000 });
    const secret =
      (await client.call('webhooks.endpoints')).find((item) => item.name === 'github')?.secret ?? '';
    const ours = await load(Number(new URL(url).port), '/api/github', secret);
    await core.webhooks.worker.idle();
    const done = (await client.call('webhooks.deliveries', { limit: 500 })).filter(
      (item) => item.state === 'done',
    );
    console.log(`Valid signed GitHub deliveries, ${RATE}/s for ${SECONDS} s, client in the same process:\n`);
    console.log('| server | sent | 202 | other | throughput | p50 | p99 |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(row('bare node:http + HMAC', bareResult));
    console.log(row('Tidewatch listener (queue + work)', ours));
    const ratio = ours.ok / ours.seconds / (bareResult.ok / bareResult.seconds);
    console.log(
      `\nthroughput ratio Tidewatch / bare: ${(ratio * 100).toFixed(0)} % (goal ≥ 80 %); p99 goal < 20 ms`,
    );
    console.log(`worked after the answers: ${done.length} of the last 500 shown as done`);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

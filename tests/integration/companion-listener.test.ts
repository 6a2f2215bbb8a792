/**
 * The companion's listener against hostile and sloppy clients, on the real process: every WebSocket upgrade
 * gets exactly one answer and the process lives; refused upgrades do not leak descriptors.
 * Raw `node:net` sockets, because only they can send a missing or duplicated Host header.
 */
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanionProcess, type CompanionProcess } from '../e2e/harness';

type HostCase = 'allowed' | 'foreign' | 'missing' | 'duplicated';
type OriginCase = 'none' | 'allowed' | 'foreign' | 'null';
type PathCase = '/api' | '/other';

interface Answer {
  /** Every HTTP status line the server wrote on this socket. */
  statuses: number[];
  /** Whether the server closed the socket by itself before the deadline. */
  closedByServer: boolean;
}

/** Long enough for a loaded machine; a socket still open after it counts as "never answered". */
const ANSWER_DEADLINE_MS = 20_000;

function upgradeRequest(port: number, host: HostCase, origin: OriginCase, path: PathCase): string {
  const lines = [`GET ${path} HTTP/1.1`];
  if (host === 'allowed') lines.push(`Host: 127.0.0.1:${port}`);
  if (host === 'foreign') lines.push(`Host: evil.localhost:${port}`);
  if (host === 'duplicated') lines.push(`Host: 127.0.0.1:${port}`, `Host: evil.localhost:${port}`);
  if (origin === 'allowed') lines.push(`Origin: http://127.0.0.1:${port}`);
  if (origin === 'foreign') lines.push('Origin: http://evil.localhost');
  if (origin === 'null') lines.push('Origin: null');
  lines.push(
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  );
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Sends one raw request and collects what comes back until the server closes (or the deadline). */
function exchange(port: number, request: string, closeAfterSwitch = true): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let closedByServer = false;
    const finish = () => {
      clearTimeout(deadline);
      socket.destroy();
      const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => Number(match[1]));
      resolve({ statuses, closedByServer });
    };
    const deadline = setTimeout(finish, ANSWER_DEADLINE_MS);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      // An accepted upgrade stays open by design: one 101 is the whole answer.
      if (closeAfterSwitch && received.includes('\r\n\r\n') && received.startsWith('HTTP/1.1 101')) finish();
    });
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', finish);
    socket.write(request);
  });
}

function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

describe('companion listener (real process)', () => {
  let companion: CompanionProcess;

  beforeAll(async () => {
    companion = await startCompanionProcess();
  }, 180_000);
  afterAll(async () => {
    await companion?.stop();
  }, 60_000);

  const hosts: HostCase[] = ['allowed', 'foreign', 'missing', 'duplicated'];
  const origins: OriginCase[] = ['none', 'allowed', 'foreign', 'null'];
  const paths: PathCase[] = ['/api', '/other'];
  const cases = hosts.flatMap((host) =>
    origins.flatMap((origin) => paths.map((path) => ({ host, origin, path }))),
  );

  it(
    'answers each of the 32 Host × Origin × path upgrades exactly once, and lives',
    async () => {
      const results: string[] = [];
      for (const { host, origin, path } of cases) {
        const answer = await exchange(companion.port, upgradeRequest(companion.port, host, origin, path));
        const accepted = host === 'allowed' && (origin === 'none' || origin === 'allowed') && path === '/api';
        results.push(
          `${host}/${origin}/${path}: ${answer.statuses.join(',') || 'none'}` +
            (accepted ? '' : answer.closedByServer ? ' closed' : ' left open'),
        );
      }
      const expected = cases.map(({ host, origin, path }) => {
        const accepted = host === 'allowed' && (origin === 'none' || origin === 'allowed') && path === '/api';
        return `${host}/${origin}/${path}: ${accepted ? '101' : refusal(host, origin)}${accepted ? '' : ' closed'}`;
      });
      expect(results).toEqual(expected);
      expect(companion.alive()).toBe(true);
      const client = companion.client();
      expect((await client.call('app.info')).mode).toBe('companion');
      client.close();
    },
    ANSWER_DEADLINE_MS * 40,
  );

  it('answers and closes 2,000 upgrades on other paths without leaking descriptors', async () => {
    const pid = companion.serverPid();
    const before = openDescriptors(pid);
    const request = upgradeRequest(companion.port, 'allowed', 'none', '/other');
    let unanswered = 0;
    const batch = 50;
    for (let sent = 0; sent < 2000; sent += batch) {
      const answers = await Promise.all(
        Array.from({ length: batch }, () => exchange(companion.port, request)),
      );
      unanswered += answers.filter((answer) => answer.statuses.length !== 1 || !answer.closedByServer).length;
    }
    expect(unanswered).toBe(0);
    // Sockets close asynchronously on the server side; wait (bounded) for the count to settle.
    let after = openDescriptors(pid);
    for (let tries = 0; tries < 50 && after - before > 10; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = openDescriptors(pid);
    }
    expect(after - before).toBeLessThanOrEqual(10);
    expect(companion.alive()).toBe(true);
    const client = companion.client();
    expect((await client.call('app.info')).mode).toBe('companion');
    client.close();
  }, 600_000);
});

/** The status a refused upgrade gets; the order of checks is Host, then Origin, then path. */
function refusal(host: HostCase, origin: OriginCase): string {
  if (host === 'missing' || host === 'duplicated') return '400';
  if (host === 'foreign') return '421';
  if (origin === 'foreign' || origin === 'null') return '403';
  return '404';
}

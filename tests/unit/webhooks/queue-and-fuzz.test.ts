/**
 * The queue survives a restart between the 2xx and the work; a fuzzed flood gets only 4xx for bad input,
 * never a 5xx, and leaves the listener serving; TLS from PEM files; X-Forwarded-For only from trusted proxies.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/core/secrets/memory-secret-store';
import { clientAddress, RateLimiter } from '../../../electron/core/webhooks/request-guards';
import { seededRandom } from '../foundation/test-core';
import { clientOf, createQuietCore } from '../../support/quiet-core';
import { json, listening, send, startWebhookCore } from './webhook-test-kit';

const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('the delivery queue', () => {
  it('a delivery answered 202 but not yet worked when the core stops is worked after the restart', async () => {
    const secrets = new MemorySecretStore();
    const first = await startWebhookCore({ secrets });
    // The worker is stopped first, so the delivery is certainly still queued when the core goes down.
    await first.core.webhooks.worker.stop();
    const answer = await send(first.url, {
      path: `/api/webhook/${first.secrets.ci ?? ''}`,
      body: '{"image":"registry.example/org/restart:1"}',
      headers: json,
    });
    expect(answer.status).toBe(202);
    const { id } = JSON.parse(answer.body) as { id: number };
    expect((await first.client.call('webhooks.deliveries', { limit: 1 }))[0]).toMatchObject({
      id,
      state: 'queued',
    });
    await first.dispose(true);

    const second = await startWebhookCore({ secrets, dataDir: first.dataDir });
    try {
      await second.core.webhooks.worker.idle();
      const [entry] = await second.client.call('webhooks.deliveries', { limit: 1 });
      expect(entry).toMatchObject({ id, state: 'done', image: 'registry.example/org/restart:1' });
    } finally {
      await second.dispose();
    }
  });
});

describe('a fuzzed flood', () => {
  it('10,000 malformed, unsigned or oddly typed requests: no 5xx, the listener still serves, memory stays bounded', async () => {
    const kit = await startWebhookCore();
    try {
      await kit.client.call('webhooks.update', { ratePerMinute: 100_000 });
      const random = seededRandom(10);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const paths = [
        '/webhook',
        '/api/webhook/x',
        '/api/github',
        '/api/gitea',
        '/api/gitlab',
        '/api/dockerhub/y',
        `/api/webhook/${kit.secrets.ci ?? ''}`,
        `/api/dockerhub/${kit.secrets.dockerhub ?? ''}`,
        '/api/updates',
        '/api/tags',
        '/api/tags/1',
        '/api/tag-assignments',
        '/api/updates/%E0%A4%A',
        '/%00',
        '/api/webhook/',
      ];
      const methods = ['POST', 'GET', 'PUT', 'DELETE', 'PATCH'];
      const bodies = [
        '',
        '{',
        'null',
        '[]',
        '{"image":1}',
        '{"image":"::::"}',
        '"x"',
        '{"events":[{}]}',
        JSON.stringify({ package: { name: 'a' } }),
        'x'.repeat(3000),
        '{"image":"a/b:1"}',
        '\u0000\uffff',
      ];
      const types = [
        'application/json',
        'text/plain',
        '',
        'application/json; charset=utf-8',
        'multipart/form-data',
      ];
      const before = process.memoryUsage().rss;
      const counts = new Map<number, number>();
      for (let index = 0; index < 10_000; index += 1) {
        const type = pick(types);
        const body = pick(bodies);
        // A third of the requests carry the right secrets, so the parsers behind the checks are fuzzed too.
        const signed = random() < 0.33;
        const answer = await send(kit.url, {
          method: pick(methods),
          path: pick(paths),
          body,
          headers: {
            ...(type ? { 'content-type': type } : {}),
            'x-hub-signature-256':
              'sha256=' + (signed ? sign(body, kit.secrets.github ?? '') : 'ab'.repeat(32)),
            'x-gitea-signature': signed ? sign(body, kit.secrets.gitea ?? '') : 'zz',
            'x-gitlab-token': signed ? (kit.secrets.gitlab ?? '') : 'nope',
            authorization: signed
              ? pick([kit.secrets.diun ?? '', `Bearer ${kit.secrets.api ?? ''}`])
              : 'Bearer nope',
            ...(random() < 0.5 ? { 'x-gitea-event': 'package', 'x-github-event': 'package' } : {}),
          },
        });
        counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
      }
      const after = process.memoryUsage().rss;
      console.log(
        'fuzz statuses',
        Object.fromEntries(counts),
        'rss MB before/after',
        (before / 1e6).toFixed(0),
        (after / 1e6).toFixed(0),
      );
      // Well-formed signed pushes among them are accepted (2xx); nothing may be a 5xx.
      expect([...counts.keys()].every((status) => status < 500)).toBe(true);
      expect([...counts.keys()].filter((status) => status >= 400)).toEqual(
        expect.arrayContaining([400, 401, 404, 405, 415]),
      );
      expect((await send(kit.url, { method: 'GET', path: '/health' })).status).toBe(200);
      // Bounded, not a speed figure: a leak of the 10,000 bodies (30 MB) or of sockets would show.
      expect(after - before).toBeLessThan(200e6);
    } finally {
      await kit.dispose();
    }
  });
});

describe('TLS and addresses', () => {
  it('serves HTTPS from PEM files, and a file that is not PEM becomes a state error without its content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidewatch-tls-'));
    const core = createQuietCore(dir);
    const client = clientOf(core);
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=localhost',
          '-days',
          '1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      await client.call('webhooks.update', {
        enabled: true,
        listen: `127.0.0.1:${port}`,
        tlsCertFile: join(dir, 'cert.pem'),
        tlsKeyFile: join(dir, 'key.pem'),
      });
      const url = await listening(client);
      expect(url).toBe(`https://127.0.0.1:${port}`);
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpsRequest(
          `${url}/health`,
          { rejectUnauthorized: false },
          (response: IncomingMessage) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(status).toBe(200);
      writeFileSync(join(dir, 'bad.pem'), 'SECRET-CONTENT-NOT-PEM');
      const after = await client.call('webhooks.update', { tlsCertFile: join(dir, 'bad.pem') });
      expect(after.state.listening).toBe(false);
      expect(after.state.error).toMatch(/not a valid PEM/);
      expect(JSON.stringify(after)).not.toContain('SECRET-CONTENT');
    } finally {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy, and only its rightmost untrusted entry', () => {
    const request = (peer: string, forwarded?: string) =>
      ({
        socket: { remoteAddress: peer },
        headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
      }) as IncomingMessage;
    expect(clientAddress(request('203.0.113.9', '10.9.9.9'), [])).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:10.0.0.2', '198.51.100.7'), ['10.0.0.2'])).toBe('198.51.100.7');
    expect(
      clientAddress(request('10.0.0.2', '1.1.1.1, 198.51.100.7, 10.0.0.3'), ['10.0.0.2', '10.0.0.3']),
    ).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2', 'garbage'), ['10.0.0.2'])).toBe('10.0.0.2');
  });

  it('the rate limiter refills over time and gives a wait in seconds', () => {
    const limiter = new RateLimiter(() => 60);
    for (let index = 0; index < 60; index += 1) expect(limiter.take('k', 0)).toBeNull();
    expect(limiter.take('k', 0)).toBe(1);
    expect(limiter.take('other', 0)).toBeNull();
    expect(limiter.take('k', 1000)).toBeNull();
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Handlers } from '../../../electron/core/api/dispatcher';
import { setupLogging } from '../../../electron/core/logging/setup';

const SECRET = 'S3cr3t-registry-p4ssw0rd';

describe('logger redaction', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidewatch-log-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps running when the log file cannot be written, sending the redacted line to stderr', () => {
    const { logger, redactor } = setupLogging(dir, { level: 'info' });
    redactor.register(SECRET);
    // The data dir disappears while the app runs (seen with the companion): the next write fails.
    rmSync(dir, { recursive: true, force: true });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => logger.info(`still alive ${SECRET}`)).not.toThrow();
      const written = stderr.mock.calls.map((call) => String(call[0])).join('');
      expect(written).toContain('still alive [redacted]');
      expect(written).not.toContain(SECRET);
    } finally {
      stderr.mockRestore();
    }
  });

  it('never writes a registered secret to the log file, wherever it appears', () => {
    const { logger, redactor, file } = setupLogging(dir, { level: 'debug' });
    redactor.register(SECRET);
    const child = logger.child({ host: `ssh://deploy:${SECRET}@10.231.0.11` });
    child.info(`login with ${SECRET}`);
    child.warn('nested', {
      request: { headers: { cookie: `a=${SECRET}` }, list: [SECRET, { deep: SECRET }] },
    });
    child.error('failed', { error: new Error(`registry said: bad password ${SECRET}`) });
    child.debug('field names', {
      password: 'other-value',
      apiToken: 'tok-123456',
      privateKey: 'key-material',
    });

    const content = readFileSync(file, 'utf8');
    expect(content.split('\n').filter(Boolean)).toHaveLength(4);
    expect(content).not.toContain(SECRET);
    expect(content).not.toContain('other-value');
    expect(content).not.toContain('tok-123456');
    expect(content).not.toContain('key-material');
    expect(content).toContain('[redacted]');
    expect(content).toContain('registry said: bad password');
  });

  it('masks a secret carried by an unexpected handler error (the INTERNAL path)', async () => {
    const { logger, redactor, file } = setupLogging(dir);
    redactor.register(SECRET);
    const handlers = {
      'settings.get': () => {
        throw new Error(`connection string postgres://u:${SECRET}@db failed`);
      },
    } as unknown as Handlers; // only the one method this test calls
    const envelope = await createDispatcher(handlers, logger).dispatch('settings.get', undefined, {
      transport: 'memory',
    });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(envelope)).not.toContain(SECRET);
    const content = readFileSync(file, 'utf8');
    expect(content).toContain('call failed');
    expect(content).not.toContain(SECRET);
  });
});

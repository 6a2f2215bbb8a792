import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EncryptedFileSecretStore } from '../../electron/core/secrets/encrypted-file-secret-store';
import { createTrustedHost, labHost, startTestCore, type TestCore } from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;
const responses: string[] = [];

beforeAll(async () => {
  t = await startTestCore({
    secrets: (redactor, dataDir) =>
      new EncryptedFileSecretStore({ file: join(dataDir, 'secrets.enc'), key: randomBytes(32), redactor }),
  });
  // Record every contract answer and error the client sees.
  const call = t.client.call.bind(t.client);
  t.client.call = (async (...args: Parameters<typeof call>) => {
    try {
      const result = await call(...args);
      responses.push(JSON.stringify(result));
      return result;
    } catch (error) {
      responses.push(JSON.stringify({ error: String(error) }));
      throw error;
    }
  }) as typeof call;
});
afterAll(async () => {
  await t?.close();
});

describe('secrets never leak', () => {
  it('a seeded password and passphrase appear in no DB file, log line, event or contract response', async () => {
    const password = lab.passwords.twlab;
    const passphrase = lab.keys.passphrase;
    const pw = await createTrustedHost(
      t,
      labHost(lab, 'dock1', { auth: { kind: 'password', password } }),
      'dock1',
    );
    const key = await createTrustedHost(
      t,
      labHost(lab, 'dock2', { auth: { kind: 'key', keyPath: lab.keys.pass, passphrase } }),
      'dock2',
    );
    expect((await t.client.call('hosts.connect', { hostId: pw.id })).state).toBe('connected');
    expect((await t.client.call('hosts.connect', { hostId: key.id })).state).toBe('connected');
    await t.client.call('containers.list', { hostId: pw.id });
    await t.client.call('hosts.list');
    await t.client.call('hosts.get', { hostId: key.id });
    await t.client.call('hosts.update', { hostId: pw.id, auth: { kind: 'password', password } });
    await t.client.call('hosts.testConnection', {
      host: labHost(lab, 'dock2', { auth: { kind: 'password', password } }),
    });
    // Failures log and answer too: a wrong passphrase attempt must not echo the secret either.
    const wrong = await createTrustedHost(
      t,
      labHost(lab, 'dock2', { auth: { kind: 'key', keyPath: lab.keys.pass, passphrase: `${passphrase}-x` } }),
      'dock2',
    );
    expect((await t.client.call('hosts.connect', { hostId: wrong.id })).state).toBe('auth-failed');
    await t.client.call('hosts.testConnection', { hostId: pw.id });
    await t.client.call('hosts.status');
    t.core.logger.info('secret check', { note: `a value that happens to contain ${password}` });

    const dbFiles = ['tidewatch.db', 'tidewatch.db-wal', 'tidewatch.db-shm']
      .map((name) => join(t.dataDir, name))
      .filter((file) => existsSync(file));
    expect(dbFiles.length).toBeGreaterThan(0);
    const blobs: Array<[string, Buffer]> = [
      ...dbFiles.map((file) => [file, readFileSync(file)] as [string, Buffer]),
      [t.logFile, readFileSync(t.logFile)],
      [join(t.dataDir, 'secrets.enc'), readFileSync(join(t.dataDir, 'secrets.enc'))],
      ['responses', Buffer.from(responses.join('\n'))],
      ['events', Buffer.from(JSON.stringify(t.events))],
    ];
    expect(readFileSync(t.logFile, 'utf8')).toContain('[redacted]');
    for (const [where, bytes] of blobs) {
      for (const secret of [password, passphrase]) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} found in ${where}`).toBe(false);
      }
    }
    // The DB holds only references.
    expect(
      readFileSync(dbFiles[0] ?? '').includes(Buffer.from(`tidewatch:ssh-password:${pw.id}`)) ||
        dbFiles.length > 1,
    ).toBe(true);
  });
});

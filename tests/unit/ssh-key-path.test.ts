/**
 * A key path given for a host is read only by the SSH client, through the safe reader: a missing file, a
 * FIFO, a device or a symlink to a secret is refused before any connection, the form is told which field
 * is wrong, and nothing of the file comes back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { makeTestCore, type TestCore } from './foundation/test-core';

const dir = mkdtempSync(join(tmpdir(), 'tw-keypath-'));
let test: TestCore;
let client: TidewatchClient;

beforeAll(() => {
  test = makeTestCore();
  client = createClient(createMemoryTransport(test.core.dispatcher, test.core.events));
});
afterAll(async () => {
  await test.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function draft(keyPath: string) {
  // Port 9 on loopback: nothing would answer, but a refused key never gets that far.
  return {
    host: {
      name: 'key-path-check',
      address: '127.0.0.1',
      port: 9,
      user: 'ada',
      auth: { kind: 'key' as const, keyPath },
    },
  };
}

describe('key paths', () => {
  const secret = join(dir, 'secrets.enc');
  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => join(dir, 'missing_key'), /no file at this path/],
    [
      'a FIFO',
      () => {
        execFileSync('mkfifo', [join(dir, 'fifo_key')]);
        return join(dir, 'fifo_key');
      },
      /not a regular file/,
    ],
    ['/dev/zero', () => '/dev/zero', /not a regular file/],
    [
      'a symlink to a secret file',
      () => {
        symlinkSync(secret, join(dir, 'link_key'));
        return join(dir, 'link_key');
      },
      /symbolic link/,
    ],
    ['a file that is not a key', () => secret, /not an OpenSSH or PEM private key/],
  ];

  it.each(cases)('refuses %s, marks the key field and echoes no content', async (_label, make, reason) => {
    writeFileSync(secret, 'SECRET-CONTENT-1234');
    const result = await client.call('hosts.testConnection', draft(make()));
    expect(result).toMatchObject({ state: 'auth-failed', field: 'keyPath', fingerprint: null });
    expect(result.reason).toMatch(reason);
    expect(JSON.stringify(result)).not.toContain('SECRET-CONTENT');
  });
});

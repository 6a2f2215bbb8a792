import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@shared/rpc/errors';
import { Redactor } from '../../electron/core/logging/redactor';
import { chooseSecretStore } from '../../electron/core/secrets/choose-secret-store';
import { EncryptedFileSecretStore } from '../../electron/core/secrets/encrypted-file-secret-store';
import { parseSecretKey } from '../../electron/core/secrets/secret-key-material';

const root = mkdtempSync(join(tmpdir(), 'tw-secrets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => {
  dirs += 1;
  return join(root, `d${dirs}`);
};

async function codeOf(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, message: (error as AppError).message };
}

describe('EncryptedFileSecretStore', () => {
  it('round-trips secrets in one 0600 file that does not contain them in clear', async () => {
    const dataDir = freshDir();
    const key = randomBytes(32);
    const redactor = new Redactor();
    const store = await chooseSecretStore({
      mode: 'companion',
      dataDir,
      env: { TIDEWATCH_SECRET_KEY: key.toString('base64') },
      redactor,
    });
    expect(store.info).toMatchObject({ kind: 'encrypted-file', error: null });
    await store.set('tidewatch:ssh-password:h1', 'pa55-word-one');
    await store.set('tidewatch:ssh-passphrase:h2', 'phrase-two');
    await store.delete('tidewatch:ssh-passphrase:h2');

    const file = join(dataDir, 'secrets.enc');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(['secrets.enc']);
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from('pa55-word-one'))).toBe(false);
    expect(bytes.includes(Buffer.from('tidewatch:ssh-password'))).toBe(false);
    expect(redactor.text('x pa55-word-one y')).toBe('x [redacted] y');

    // A second instance (a restart) with the same key — given as hex this time — reads what the first wrote.
    const reopened = new EncryptedFileSecretStore({
      file,
      key: parseSecretKey(key.toString('hex'), 'k'),
      redactor: new Redactor(),
    });
    expect(await reopened.get('tidewatch:ssh-password:h1')).toBe('pa55-word-one');
    expect(await reopened.get('tidewatch:ssh-passphrase:h2')).toBeNull();
  });

  it('refuses a wrong key with a clear error and leaves the file alone', async () => {
    const file = join(freshDir(), 'secrets.enc');
    const good = new EncryptedFileSecretStore({ file, key: randomBytes(32), redactor: new Redactor() });
    await good.set('tidewatch:a:1', 'value-a');
    const before = readFileSync(file);
    const wrong = new EncryptedFileSecretStore({ file, key: randomBytes(32), redactor: new Redactor() });
    const error = await codeOf(wrong.get('tidewatch:a:1'));
    expect(error.code).toBe('SECRET_BACKEND');
    expect(error.message).toMatch(/different key/);
    expect((await codeOf(wrong.set('tidewatch:a:2', 'x'))).code).toBe('SECRET_BACKEND');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('detects a tampered file', async () => {
    const file = join(freshDir(), 'secrets.enc');
    const key = randomBytes(32);
    const store = new EncryptedFileSecretStore({ file, key, redactor: new Redactor() });
    await store.set('tidewatch:a:1', 'value-a');
    const envelope = JSON.parse(readFileSync(file, 'utf8')) as { data: string };
    const data = Buffer.from(envelope.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 0x01;
    writeFileSync(file, JSON.stringify({ ...envelope, data: data.toString('base64') }));
    const error = await codeOf(store.get('tidewatch:a:1'));
    expect(error).toMatchObject({ code: 'SECRET_BACKEND' });
    expect(error.message).toMatch(/modified or is corrupt/);

    writeFileSync(file, 'not json at all');
    expect((await codeOf(store.get('tidewatch:a:1'))).message).toMatch(/corrupt/);
  });

  it('serialises concurrent writes (none lost)', async () => {
    const file = join(freshDir(), 'secrets.enc');
    const store = new EncryptedFileSecretStore({ file, key: randomBytes(32), redactor: new Redactor() });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`tidewatch:n:${i}`, `value-${i}`)));
    const values = await Promise.all(Array.from({ length: 20 }, (_, i) => store.get(`tidewatch:n:${i}`)));
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => `value-${i}`));
  });
});

describe('chooseSecretStore for the companion', () => {
  it('is an explicit error state when no key is configured, never a silent fallback', async () => {
    const dataDir = freshDir();
    const store = await chooseSecretStore({ mode: 'companion', dataDir, env: {}, redactor: new Redactor() });
    expect(store.info.kind).toBe('encrypted-file');
    expect(store.info.error).toMatch(/TIDEWATCH_SECRET_KEY/);
    expect((await codeOf(store.set('tidewatch:a:1', 'v'))).code).toBe('SECRET_BACKEND');
    expect((await codeOf(store.get('tidewatch:a:1'))).code).toBe('SECRET_BACKEND');
  });

  it('without a configured key, creates its own key file once and opens the same store on every start', async () => {
    const dataDir = freshDir();
    const defaultKeyFile = join(freshDir(), 'conf', 'secret.key');
    const first = await chooseSecretStore({
      mode: 'companion',
      dataDir,
      env: {},
      redactor: new Redactor(),
      defaultKeyFile,
    });
    expect(first.info).toEqual({
      kind: 'encrypted-file',
      error: null,
      keyFile: defaultKeyFile,
      resettable: false,
    });
    expect(statSync(defaultKeyFile).mode & 0o777).toBe(0o600);
    await first.set('tidewatch:host-password:1', 'survives-restarts');
    const key = readFileSync(defaultKeyFile, 'utf8');
    const second = await chooseSecretStore({
      mode: 'companion',
      dataDir,
      env: {},
      redactor: new Redactor(),
      defaultKeyFile,
    });
    expect(readFileSync(defaultKeyFile, 'utf8')).toBe(key);
    expect(await second.get('tidewatch:host-password:1')).toBe('survives-restarts');
  });

  it('a store that no longer opens says so at start, refuses writes, and can be reset without losing the old file', async () => {
    const dataDir = freshDir();
    const defaultKeyFile = join(freshDir(), 'secret.key');
    const original = await chooseSecretStore({
      mode: 'companion',
      dataDir,
      env: {},
      redactor: new Redactor(),
      defaultKeyFile,
    });
    await original.set('tidewatch:host-password:1', 'old-secret');
    rmSync(defaultKeyFile); // the key is lost: the next start makes a new one
    const reopened = await chooseSecretStore({
      mode: 'companion',
      dataDir,
      env: {},
      redactor: new Redactor(),
      defaultKeyFile,
    });
    expect(reopened.info).toMatchObject({ error: expect.stringMatching(/different key/), resettable: true });
    // Re-entering a secret must not silently replace the file that holds the others.
    expect((await codeOf(reopened.set('tidewatch:host-password:1', 'new'))).code).toBe('SECRET_BACKEND');
    const info = await reopened.reset?.(new Date('2026-12-02T10:00:00Z'));
    expect(info).toMatchObject({ error: null, resettable: false });
    expect(readdirSync(dataDir)).toContain('secrets.enc.unreadable-2026-12-02T10-00-00-000Z');
    await reopened.set('tidewatch:host-password:1', 'new');
    expect(await reopened.get('tidewatch:host-password:1')).toBe('new');
    await expect(reopened.reset?.(new Date())).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('explains a malformed key without echoing it', async () => {
    const env = { TIDEWATCH_SECRET_KEY: 'c2hvcnQta2V5LXZhbHVl' };
    const store = await chooseSecretStore({
      mode: 'companion',
      dataDir: freshDir(),
      env,
      redactor: new Redactor(),
    });
    expect(store.info.error).toMatch(/decodes to 15 bytes; it must be 32 bytes/);
    expect(store.info.error).not.toContain('c2hvcnQta2V5LXZhbHVl');
    const both = await chooseSecretStore({
      mode: 'companion',
      dataDir: freshDir(),
      env: { TIDEWATCH_SECRET_KEY: 'a'.repeat(64), TIDEWATCH_SECRET_KEY_FILE: '/x' },
      redactor: new Redactor(),
    });
    expect(both.info.error).toMatch(/only one/);
  });

  it('reads a 0600 key file and refuses one readable by others', async () => {
    const dir = freshDir();
    const keyFile = join(root, `key-${dirs}`);
    writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    const store = await chooseSecretStore({
      mode: 'companion',
      dataDir: dir,
      env: { TIDEWATCH_SECRET_KEY_FILE: keyFile },
      redactor: new Redactor(),
    });
    expect(store.info).toMatchObject({ kind: 'encrypted-file', error: null });
    await store.set('tidewatch:a:1', 'from-key-file');
    expect(await store.get('tidewatch:a:1')).toBe('from-key-file');

    chmodSync(keyFile, 0o644);
    const open = await chooseSecretStore({
      mode: 'companion',
      dataDir: dir,
      env: { TIDEWATCH_SECRET_KEY_FILE: keyFile },
      redactor: new Redactor(),
    });
    expect(open.info.error).toMatch(/readable by group or others \(mode 0644\)/);
  });
});

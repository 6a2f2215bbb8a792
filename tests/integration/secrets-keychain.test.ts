// Needs a real Secret Service: CI runs the tests inside `dbus-run-session` with an unlocked gnome-keyring.
// Locally: dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null;
//   npx vitest run tests/integration/secrets-keychain.test.ts'
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@shared/rpc/errors';
import { chooseSecretStore } from '../../electron/core/secrets/choose-secret-store';
import { KEYCHAIN_SERVICE, KeychainSecretStore } from '../../electron/core/secrets/keychain-secret-store';
import { secretKey } from '../../electron/core/secrets/secret-store';
import { Redactor } from '../../electron/core/logging/redactor';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const created: string[] = [];

afterAll(async () => {
  const keytar = (await import('keytar')).default;
  for (const account of created) await keytar.deletePassword(KEYCHAIN_SERVICE, account).catch(() => false);
});

describe('KeychainSecretStore (real Secret Service)', () => {
  it('round-trips a secret under service "tidewatch" and the stable key, and registers it for redaction', async () => {
    const redactor = new Redactor();
    const store = await KeychainSecretStore.open(redactor);
    expect(store.info, 'the test session must provide an unlocked Secret Service').toMatchObject({
      kind: 'keychain',
      error: null,
    });

    const key = secretKey('it-test', randomUUID());
    created.push(key);
    const value = `s3cret-${randomUUID()}`;
    await store.set(key, value);
    expect(await store.get(key)).toBe(value);

    // Stored where other tools would look: service tidewatch, account = the key.
    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword('tidewatch', key)).toBe(value);

    expect(redactor.text(`password is ${value}`)).toBe('password is [redacted]');
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  it('desktop mode chooses the keychain', async () => {
    const store = await chooseSecretStore({
      mode: 'desktop',
      dataDir: '/nonexistent',
      env: {},
      redactor: new Redactor(),
    });
    expect(store.info).toMatchObject({ kind: 'keychain', error: null });
  });

  it('without a Secret Service it reports why and every call throws SECRET_BACKEND (no silent fallback)', async () => {
    // A separate process: libsecret keeps its D-Bus connection, so the failure needs a fresh one.
    const script = `
      const { KeychainSecretStore } = await import(${JSON.stringify(`${root}/electron/core/secrets/keychain-secret-store.ts`)});
      const { Redactor } = await import(${JSON.stringify(`${root}/electron/core/logging/redactor.ts`)});
      const store = await KeychainSecretStore.open(new Redactor(), { timeoutMs: 5000 });
      const codes = [];
      for (const call of [() => store.get('tidewatch:x:1'), () => store.set('tidewatch:x:1', 'v'), () => store.delete('tidewatch:x:1')]) {
        try { await call(); codes.push('ok'); } catch (error) { codes.push(error.code + ':' + error.name); }
      }
      console.log(JSON.stringify({ info: store.info, codes }));
    `;
    const { stdout } = await run(`${root}/node_modules/.bin/tsx`, ['--eval', `(async () => {${script}})()`], {
      cwd: root,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      info: { kind: string; error: string | null };
      codes: string[];
    };
    expect(result.info.kind).toBe('keychain');
    expect(result.info.error).toMatch(/OS keychain is not available/);
    expect(result.codes).toEqual([
      'SECRET_BACKEND:AppError',
      'SECRET_BACKEND:AppError',
      'SECRET_BACKEND:AppError',
    ]);
  });

  it('a broken backend after a good probe still surfaces as SECRET_BACKEND, with the reason', async () => {
    const failing = {
      getPassword: async () => null,
      setPassword: async () => {
        throw new Error('org.freedesktop.Secret.Error.IsLocked');
      },
      deletePassword: async () => false,
    };
    const store = await KeychainSecretStore.open(new Redactor(), { keytar: failing });
    const error = await store.set('tidewatch:x:1', 'value-1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'SECRET_BACKEND' });
    expect((error as Error).message).toContain('IsLocked');
    expect((error as Error).message).not.toContain('value-1');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/rpc/errors';
import {
  hostCreateInputSchema,
  hostSchema,
  type HostCreateInput,
  type HostsChangedEvent,
} from '@shared/schemas/hosts';
import { HostRepository } from '../../electron/core/hosts/host-repository';
import { HostService } from '../../electron/core/hosts/host-service';
import { silentLogger } from '../../electron/core/logging/logger';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store';
import { openDatabase, type Db } from '../../electron/core/store/database';

let dir: string;
let db: Db;
let secrets: MemorySecretStore;
let changes: HostsChangedEvent[];
let service: HostService;

const clock = { now: () => new Date('2026-01-02T03:04:05.000Z') };
const draft = (fields: Partial<HostCreateInput> & { name: string }): HostCreateInput =>
  hostCreateInputSchema.parse({ address: '10.0.0.1', user: 'ada', auth: { kind: 'agent' }, ...fields });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-hosts-'));
  db = openDatabase(join(dir, 'tidewatch.db'));
  secrets = new MemorySecretStore();
  changes = [];
  service = new HostService({
    repository: new HostRepository(db),
    secrets,
    clock,
    logger: silentLogger,
    emit: (change) => changes.push(change),
    agentSocket: () => '/tmp/agent.sock',
  });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function expectAppError(work: Promise<unknown> | (() => unknown), code: string, text?: RegExp) {
  const error = await (typeof work === 'function' ? Promise.resolve().then(work) : work).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (text) expect((error as AppError).message).toMatch(text);
}

describe('HostService', () => {
  it('applies defaults and stores a password only in the secret store', async () => {
    const host = await service.create(
      draft({ name: 'web', auth: { kind: 'password', password: 'hunter2-secret' } }),
    );
    expect(hostSchema.parse(host)).toEqual(host);
    expect(host).toMatchObject({
      port: 22,
      dockerSocket: '/var/run/docker.sock',
      jumpHostId: null,
      group: null,
      auth: { kind: 'password', hasPassword: true },
      hostKey: null,
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(JSON.stringify(host)).not.toContain('hunter2');
    expect(await secrets.get(`tidewatch:ssh-password:${host.id}`)).toBe('hunter2-secret');
    const row = JSON.stringify(db.prepare('SELECT * FROM hosts').all());
    expect(row).not.toContain('hunter2');
    expect(row).toContain(`tidewatch:ssh-password:${host.id}`);
    expect(changes).toEqual([{ hostId: host.id, change: 'created' }]);
    const resolved = await service.resolve(host.id);
    expect(resolved.target.auth).toEqual({ kind: 'password', password: 'hunter2-secret' });
  });

  it('requires a password for password auth and refuses duplicate names', async () => {
    await expectAppError(
      service.create(draft({ name: 'a', auth: { kind: 'password' } })),
      'VALIDATION',
      /password is required/,
    );
    await service.create(draft({ name: 'Web' }));
    await expectAppError(service.create(draft({ name: 'web' })), 'CONFLICT', /already exists/);
  });

  it('keeps, replaces and clears a key passphrase on update', async () => {
    const host = await service.create(
      draft({ name: 'k', auth: { kind: 'key', keyPath: '~/.ssh/id_ed25519', passphrase: 'first-phrase' } }),
    );
    expect(host.auth).toEqual({ kind: 'key', keyPath: '~/.ssh/id_ed25519', hasPassphrase: true });
    const ref = `tidewatch:ssh-passphrase:${host.id}`;

    const kept = await service.update({ hostId: host.id, auth: { kind: 'key', keyPath: '/keys/other' } });
    expect(kept.host.auth).toEqual({ kind: 'key', keyPath: '/keys/other', hasPassphrase: true });
    expect(kept.reconnect).toBe(true);
    expect(await secrets.get(ref)).toBe('first-phrase');

    await service.update({
      hostId: host.id,
      auth: { kind: 'key', keyPath: '/keys/other', passphrase: 'second-phrase' },
    });
    expect(await secrets.get(ref)).toBe('second-phrase');

    const cleared = await service.update({
      hostId: host.id,
      auth: { kind: 'key', keyPath: '/keys/other', passphrase: null },
    });
    expect(cleared.host.auth).toMatchObject({ hasPassphrase: false });
    expect(await secrets.get(ref)).toBeNull();
  });

  it('drops the old secret when switching auth kinds, and a name change does not reconnect', async () => {
    const host = await service.create(draft({ name: 'p', auth: { kind: 'password', password: 'pw-one-1' } }));
    const renamed = await service.update({ hostId: host.id, name: 'renamed' });
    expect(renamed.reconnect).toBe(false);
    await service.update({ hostId: host.id, auth: { kind: 'agent' } });
    expect(await secrets.get(`tidewatch:ssh-password:${host.id}`)).toBeNull();
    expect(service.get(host.id).auth).toEqual({ kind: 'agent' });
    // Switching back to password needs the password again.
    await expectAppError(service.update({ hostId: host.id, auth: { kind: 'password' } }), 'VALIDATION');
  });

  it('validates jump hosts: must exist, not itself, no loops; a jump host in use cannot be removed', async () => {
    await expectAppError(
      service.create(draft({ name: 'x', jumpHostId: 'nope' })),
      'VALIDATION',
      /does not exist/,
    );
    const a = await service.create(draft({ name: 'a' }));
    const b = await service.create(draft({ name: 'b', jumpHostId: a.id }));
    const c = await service.create(draft({ name: 'c', jumpHostId: b.id }));
    await expectAppError(service.update({ hostId: a.id, jumpHostId: a.id }), 'VALIDATION', /own jump host/);
    await expectAppError(service.update({ hostId: a.id, jumpHostId: c.id }), 'VALIDATION', /loop/);
    await expectAppError(service.remove(a.id), 'CONFLICT', /jump host of b/);
    await service.remove(c.id);
    await service.remove(b.id);
    await service.remove(a.id);
    expect(service.list()).toEqual([]);
    await expectAppError(() => service.get(a.id), 'NOT_FOUND');
  });

  it('pins a host key and forgets it when the address changes', async () => {
    const host = await service.create(draft({ name: 'pin' }));
    const key = { algorithm: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}`, keyBase64: 'AAAA' };
    expect(service.pinHostKey(host.id, key).hostKey).toEqual({
      algorithm: 'ssh-ed25519',
      fingerprint: key.fingerprint,
      pinnedAt: '2026-01-02T03:04:05.000Z',
    });
    expect((await service.resolve(host.id)).target.pinnedKey).toMatchObject({ keyBase64: 'AAAA' });
    await service.update({ hostId: host.id, group: 'prod' });
    expect(service.get(host.id).hostKey).not.toBeNull();
    await service.update({ hostId: host.id, address: '10.0.0.2' });
    expect(service.get(host.id).hostKey).toBeNull();
  });

  it('deletes secrets with the host', async () => {
    const host = await service.create(
      draft({ name: 'gone', auth: { kind: 'password', password: 'pw-gone-1' } }),
    );
    await service.remove(host.id);
    expect(await secrets.get(`tidewatch:ssh-password:${host.id}`)).toBeNull();
    expect(changes.at(-1)).toEqual({ hostId: host.id, change: 'removed' });
  });
});

describe('host input schema', () => {
  it.each([
    [{ port: 0 }],
    [{ port: 65536 }],
    [{ address: 'bad host' }],
    [{ user: 'a b' }],
    [{ dockerSocket: 'relative.sock' }],
    [{ auth: { kind: 'key', keyPath: 'relative/key' } }],
    [{ auth: { kind: 'password', password: '' } }],
    [{ color: 'javascript:alert(1)' }],
    [{ extra: true }],
  ])('refuses %j', (fields) => {
    const input = { name: 'n', address: '10.0.0.1', user: 'ada', auth: { kind: 'agent' }, ...fields };
    expect(hostCreateInputSchema.safeParse(input).success).toBe(false);
  });
});

import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ContractError } from '@shared/rpc/errors';
import { hostKeyFingerprint } from '../lab/lab';
import { secretKey } from '../../electron/core/secrets/secret-store';
import { createTrustedHost, labHost, startTestCore, waitForState, type TestCore } from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;

beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => {
  await t?.close();
});

describe('SSH connections to the lab', () => {
  it('key auth: unknown host key first, then trusted with the real fingerprint, pinned and connected', async () => {
    const host = await t.client.call('hosts.create', labHost(lab, 'dock1'));
    const realFingerprint = await hostKeyFingerprint('dock1');

    const first = await t.client.call('hosts.connect', { hostId: host.id });
    expect(first).toMatchObject({ hostId: host.id, state: 'host-key-unknown', fingerprint: realFingerprint });
    expect(first.reason).toContain(realFingerprint);
    expect(
      t.events.some(
        (e) => e.name === 'hosts.state' && (e.payload as { state: string }).state === 'host-key-unknown',
      ),
    ).toBe(true);

    const trusted = await t.client.call('hosts.trustHostKey', {
      hostId: host.id,
      fingerprint: first.fingerprint ?? '',
    });
    expect(trusted.hostKey).toMatchObject({ algorithm: 'ssh-ed25519', fingerprint: realFingerprint });

    const status = await waitForState(t, host.id, 'connected');
    expect(status).toMatchObject({ fingerprint: realFingerprint, dockerTransport: 'streamlocal' });
    const info = await t.client.call('docker.info', { hostId: host.id });
    expect(info).toMatchObject({ hostId: host.id, transport: 'streamlocal' });
    expect(info.serverVersion).not.toBe('');
    expect(info.apiVersion).toMatch(/^1\.\d+$/);
    expect(info.cpus).toBeGreaterThan(0);
    expect(info.memoryBytes).toBeGreaterThan(0);
    expect(info.containers.total).toBeGreaterThanOrEqual(2);
  });

  it('refuses to pin a fingerprint the server does not present', async () => {
    const host = await t.client.call('hosts.create', labHost(lab, 'dock2'));
    const error = await t.client
      .call('hosts.trustHostKey', { hostId: host.id, fingerprint: `SHA256:${'A'.repeat(43)}` })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect((await t.client.call('hosts.get', { hostId: host.id })).hostKey).toBeNull();
  });

  it('key with passphrase: the passphrase lives in the secret store and unlocks the key', async () => {
    const input = labHost(lab, 'dock2', {
      auth: { kind: 'key', keyPath: lab.keys.pass, passphrase: lab.keys.passphrase },
    });
    const host = await createTrustedHost(t, input, 'dock2');
    expect(host.auth).toEqual({ kind: 'key', keyPath: lab.keys.pass, hasPassphrase: true });
    expect(await t.secrets.get(secretKey('ssh-passphrase', host.id))).toBe(lab.keys.passphrase);
    expect(await t.client.call('hosts.connect', { hostId: host.id })).toMatchObject({ state: 'connected' });
  });

  it('a wrong passphrase or a missing one is auth-failed with a reason, not retried', async () => {
    const wrong = labHost(lab, 'dock2', {
      auth: { kind: 'key', keyPath: lab.keys.pass, passphrase: 'not-the-passphrase' },
    });
    const host = await createTrustedHost(t, wrong, 'dock2');
    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status).toMatchObject({ state: 'auth-failed' });
    expect(status.reason).toMatch(/passphrase stored for the key file .* is wrong/);
    expect(status.nextRetryAt).toBeUndefined();

    const missing = labHost(lab, 'dock2', { auth: { kind: 'key', keyPath: lab.keys.pass } });
    const bare = await createTrustedHost(t, missing, 'dock2');
    expect((await t.client.call('hosts.connect', { hostId: bare.id })).reason).toMatch(
      /is encrypted: store its passphrase/,
    );
  });

  it('password auth works, and a wrong password is auth-failed', async () => {
    const good = await createTrustedHost(
      t,
      labHost(lab, 'dock1', { auth: { kind: 'password', password: lab.passwords.twlab } }),
      'dock1',
    );
    expect(good.auth).toEqual({ kind: 'password', hasPassword: true });
    expect(await t.client.call('hosts.connect', { hostId: good.id })).toMatchObject({ state: 'connected' });

    const bad = await createTrustedHost(
      t,
      labHost(lab, 'dock1', { auth: { kind: 'password', password: 'wrong-password' } }),
      'dock1',
    );
    const status = await t.client.call('hosts.connect', { hostId: bad.id });
    expect(status.state).toBe('auth-failed');
    expect(status.reason).toMatch(/refused the password/);
  });

  it('reaches dock3 only through the jump host (ProxyJump over the jump host’s managed connection)', async () => {
    const jump = await createTrustedHost(
      t,
      labHost(lab, 'jump', { dockerSocket: '/var/run/docker.sock' }),
      'jump',
    );
    const dock3 = await createTrustedHost(t, labHost(lab, 'dock3', { jumpHostId: jump.id }), 'dock3');
    const status = await t.client.call('hosts.connect', { hostId: dock3.id });
    expect(status).toMatchObject({ state: 'connected', fingerprint: await hostKeyFingerprint('dock3') });
    // The jump host itself is connected over SSH (it has no Docker engine: that is its honest state).
    // Its Docker probe runs after its SSH connection carried dock3, so wait for the state, never sample it.
    await waitForState(t, jump.id, 'docker-unavailable');
    const containers = await t.client.call('containers.list', { hostId: dock3.id });
    expect(Array.isArray(containers)).toBe(true);

    // Disconnecting the jump host takes the hosts behind it down too.
    await t.client.call('hosts.disconnect', { hostId: jump.id });
    await waitForState(t, dock3.id, 'disconnected');
  });

  it('an unreachable address inside the lab subnet is reported as unreachable with a reason', async () => {
    const host = await t.client.call('hosts.create', labHost(lab, 'dock1', { address: '10.231.0.99' }));
    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status.state).toBe('unreachable');
    expect(status.reason).toMatch(/10\.231\.0\.99:22/);
    expect(status.reason).toMatch(/no route|timed out|No SSH answer/);
    expect(status.nextRetryAt).toBeDefined();
    // No countdown in the sentence: when the next attempt comes is nextRetryAt.
    expect(status.reason).toMatch(/; retrying automatically$/);
    await t.client.call('hosts.disconnect', { hostId: host.id });
  });

  it('a wrong Docker socket path on a host with no engine to find is docker-unavailable with the path in the reason', async () => {
    // The jump host runs no engine: the socket search finds nothing there.
    const input = labHost(lab, 'jump', { dockerSocket: '/run/nope/docker.sock' });
    const host = await createTrustedHost(t, input, 'jump');
    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status.state).toBe('docker-unavailable');
    expect(status.reason).toContain('/run/nope/docker.sock');
    const error = await t.client
      .call('containers.list', { hostId: host.id })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    await t.client.call('hosts.disconnect', { hostId: host.id });
  });

  it('testConnection checks an unsaved host without saving or pinning anything', async () => {
    const before = (await t.client.call('hosts.list')).length;
    const draft = labHost(lab, 'dock2', { auth: { kind: 'password', password: lab.passwords.twlab } });
    const first = await t.client.call('hosts.testConnection', { host: draft });
    expect(first).toMatchObject({
      state: 'host-key-unknown',
      fingerprint: await hostKeyFingerprint('dock2'),
      algorithm: 'ssh-ed25519',
      docker: null,
    });

    const accepted = await t.client.call('hosts.testConnection', {
      host: draft,
      acceptFingerprint: first.fingerprint ?? '',
    });
    expect(accepted).toMatchObject({ state: 'connected', docker: { transport: 'streamlocal' } });
    expect(accepted.docker?.apiVersion).toMatch(/^1\.\d+$/);
    expect((await t.client.call('hosts.list')).length).toBe(before);
  });

  it('testConnection finds the engine on the host when the given socket path has none', async () => {
    const draft = labHost(lab, 'dock2', { dockerSocket: '/var/run/not-here/docker.sock' });
    const fingerprint = await hostKeyFingerprint('dock2');
    const result = await t.client.call('hosts.testConnection', {
      host: draft,
      acceptFingerprint: fingerprint,
    });
    expect(result).toMatchObject({
      state: 'connected',
      docker: { transport: 'streamlocal', socketPath: lab.hosts.dock2.dockerSocket },
    });
    expect(result.reason).toContain('found on the host');
    // With the right path nothing is searched for and the path is named as given.
    const plain = await t.client.call('hosts.testConnection', {
      host: labHost(lab, 'dock2'),
      acceptFingerprint: fingerprint,
    });
    expect(plain.docker?.socketPath).toBe(lab.hosts.dock2.dockerSocket);
    expect(plain.reason).not.toContain('found on the host');
  });

  it('imports the lab ssh config (aliases, ProxyJump) as candidates from ~/.ssh/config', async () => {
    // The import reads only the user's own ~/.ssh: give the core a home whose config is the lab's.
    const home = mkdtempSync(join(tmpdir(), 'tw-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    copyFileSync(lab.sshConfig, join(home, '.ssh', 'config'));
    const own = await startTestCore({ homeDir: home });
    const result = await own.client.call('hosts.importSshConfig').finally(() => own.close());
    rmSync(home, { recursive: true, force: true });
    const byAlias = Object.fromEntries(result.candidates.map((c) => [c.alias, c]));
    expect(byAlias.dock1).toMatchObject({
      address: lab.hosts.dock1.ip,
      user: 'twlab',
      keyPath: lab.keys.plain,
      proxyJump: null,
    });
    expect(byAlias.dock3).toMatchObject({ address: lab.hosts.dock3.ip, proxyJump: 'jump' });
  });
});

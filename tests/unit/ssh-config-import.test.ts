import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '@shared/rpc/client';
import { importSshConfigResultSchema } from '@shared/schemas/hosts';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { makeTestCore } from './foundation/test-core';
import {
  importSshConfig,
  parseKnownHosts,
  parseSshConfig,
} from '../../electron/core/hosts/ssh-config-import';

const CONFIG = `
# personal config
Host bastion
  HostName bastion.example.org
  User ops
  Port 2222
  IdentityFile ~/.ssh/id_bastion

Host app1 app2
  ProxyJump bastion

Host db
  HostName 10.1.2.3
  IdentityFile %d/.ssh/id_db
  ProxyJump none

Match exec "touch /tmp/tidewatch-should-not-exist"
  User pwned

Host *.internal !skip.internal
  User internal

Host *
  User fallback
  IdentityFile ~/.ssh/id_default
`;

const KNOWN_HOSTS = `
[bastion.example.org]:2222,192.0.2.1 ssh-ed25519 AAAAC3Nza...
[10.9.9.9]:2200 ssh-ed25519 AAAAC3Nza...
|1|abc=|def= ssh-ed25519 AAAA...
@cert-authority *.example.org ssh-ed25519 AAAA...
# comment
new-host.example.org ecdsa-sha2-nistp256 AAAA...
`;

const dir = mkdtempSync(join(tmpdir(), 'tw-sshcfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ssh config import', () => {
  it('computes every concrete alias with Host * defaults and never runs Match exec', () => {
    const { candidates, patterns } = parseSshConfig(CONFIG, '/home/ada');
    expect(patterns).toBe(3);
    expect(candidates.map((c) => c.alias)).toEqual(['bastion', 'app1', 'app2', 'db']);
    expect(candidates[0]).toEqual({
      alias: 'bastion',
      address: 'bastion.example.org',
      port: 2222,
      user: 'ops',
      keyPath: '/home/ada/.ssh/id_bastion',
      proxyJump: null,
      source: 'ssh-config',
    });
    expect(candidates[1]).toMatchObject({
      address: 'app1',
      port: 22,
      user: 'fallback',
      proxyJump: 'bastion',
    });
    expect(candidates[3]).toMatchObject({
      address: '10.1.2.3',
      keyPath: '/home/ada/.ssh/id_db',
      proxyJump: null,
    });
  });

  it('reads known_hosts names and ports, skipping hashed and marker lines', () => {
    const { hosts, hashed } = parseKnownHosts(KNOWN_HOSTS);
    expect(hashed).toBe(1);
    expect(hosts).toEqual([
      { address: 'bastion.example.org', port: 2222 },
      { address: '192.0.2.1', port: 22 },
      { address: '10.9.9.9', port: 2200 },
      { address: 'new-host.example.org', port: 22 },
    ]);
  });

  it('merges both files, drops known hosts the config covers, and marks existing hosts', async () => {
    const home = join(dir, 'merge');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'config'), CONFIG);
    writeFileSync(join(home, '.ssh', 'known_hosts'), KNOWN_HOSTS);
    const result = await importSshConfig({
      home,
      existing: [{ id: 'h-db', address: '10.1.2.3', port: 22, user: 'fallback' }],
    });
    expect(importSshConfigResultSchema.parse(result)).toEqual(result);
    expect(result.candidates.map((c) => `${c.source}:${c.alias}`)).toEqual([
      'ssh-config:bastion',
      'ssh-config:app1',
      'ssh-config:app2',
      'ssh-config:db',
      'known-hosts:192.0.2.1',
      'known-hosts:10.9.9.9',
      'known-hosts:new-host.example.org',
    ]);
    expect(result.candidates.find((c) => c.alias === 'db')?.existingHostId).toBe('h-db');
    expect(result.skipped).toEqual({ patterns: 3, hashedKnownHosts: 1, invalid: 0 });
  });

  it('answers an empty list (no error) when the files do not exist', async () => {
    const result = await importSshConfig({ home: join(dir, 'nobody'), existing: [] });
    expect(result.candidates).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('follows Include (relative to ~/.ssh, globs) and reads nothing the user did not configure', async () => {
    const home = join(dir, 'include');
    mkdirSync(join(home, '.ssh', 'conf.d'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'config'), 'Include conf.d/*.conf\nHost top\n  HostName top.example\n');
    writeFileSync(
      join(home, '.ssh', 'conf.d', 'a.conf'),
      'Host a\n  HostName a.example\nInclude ../config\n',
    );
    writeFileSync(join(home, '.ssh', 'conf.d', 'b.conf'), 'Host b\n  HostName b.example\n');
    writeFileSync(join(home, '.ssh', 'conf.d', 'c.txt'), 'Host c\n  HostName c.example\n');
    const result = await importSshConfig({ home, existing: [] });
    expect(result.candidates.map((c) => c.alias).sort()).toEqual(['a', 'b', 'top']);
  });

  it('returns only entries named like hosts, and never quotes file content in a warning', async () => {
    const home = join(dir, 'secret-shaped');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    // known_hosts with lines shaped like an environment dump: the first fields are not host names.
    writeFileSync(
      join(home, '.ssh', 'known_hosts'),
      'TIDEWATCH_SECRET_KEY=c2VjcmV0 ssh-ed25519 AAAA\n-----BEGIN OPENSSH PRIVATE KEY----- x y\nok.example ssh-ed25519 AAAA\n',
    );
    writeFileSync(join(home, '.ssh', 'config'), 'Host "unterminated\n  HostName x\n');
    const result = await importSshConfig({ home, existing: [] });
    expect(result.candidates.map((c) => c.address)).toEqual(['ok.example']);
    expect(result.skipped.invalid).toBe(2);
    expect(JSON.stringify(result)).not.toContain('c2VjcmV0');
    expect(JSON.stringify(result)).not.toContain('BEGIN');
    expect(JSON.stringify(result.warnings)).not.toContain('unterminated');
  });

  it('refuses a ~/.ssh/config that is a FIFO or a device, without hanging, with a warning', async () => {
    const home = join(dir, 'special');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    execFileSync('mkfifo', [join(home, '.ssh', 'config')]);
    symlinkSync('/dev/zero', join(home, '.ssh', 'known_hosts'));
    const result = await importSshConfig({ home, existing: [] });
    expect(result.candidates).toEqual([]);
    expect(result.warnings).toEqual([
      '~/.ssh/config was not read: not a regular file',
      'known_hosts was not read: not a regular file',
    ]);
  });
});

describe('hosts.importSshConfig through the contract', () => {
  it('refuses any path given by the caller (VALIDATION), so no file can be read and echoed', async () => {
    const test = makeTestCore();
    const client = createClient(createMemoryTransport(test.core.dispatcher, test.core.events));
    try {
      for (const input of [
        { knownHostsPath: '/proc/self/environ' },
        { configPath: join(test.dataDir, 'secrets.enc') },
      ]) {
        await expect(client.call('hosts.importSshConfig', input as never)).rejects.toMatchObject({
          code: 'VALIDATION',
        });
      }
    } finally {
      await test.dispose();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { Host, SshConfigCandidate } from '@shared/schemas/hosts';
import { planImport } from '../../renderer/src/features/hosts/import/import-plan';

function candidate(alias: string, fields: Partial<SshConfigCandidate> = {}): SshConfigCandidate {
  return {
    alias,
    address: `${alias}.example.net`,
    port: 22,
    user: 'ops',
    keyPath: '/home/ops/.ssh/id_ed25519',
    proxyJump: null,
    source: 'ssh-config',
    existingHostId: null,
    ...fields,
  };
}

function savedHost(name: string, id: string): Host {
  return {
    id,
    kind: 'ssh',
    name,
    address: `${name}.example.net`,
    port: 22,
    user: 'ops',
    auth: { kind: 'agent' },
    jumpHostId: null,
    dockerSocket: '/var/run/docker.sock',
    dockerEnabled: false,
    group: null,
    color: null,
    hostKey: null,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  };
}

describe('planning an import from ~/.ssh/config', () => {
  it('puts jump hosts first, following a chain, and adds an unpicked jump host as SSH only', () => {
    const bastion = candidate('bastion');
    const inner = candidate('inner', { proxyJump: 'bastion' });
    const deep = candidate('deep', { proxyJump: 'bastion,inner' });
    const plan = planImport([deep, inner], [bastion, inner, deep], [], 'me');
    expect(plan.map((item) => item.key)).toEqual([
      'ssh-config:bastion',
      'ssh-config:inner',
      'ssh-config:deep',
    ]);
    expect(plan[0]).toMatchObject({
      addedAsJump: true,
      input: { dockerEnabled: false },
      jump: { kind: 'none' },
    });
    expect(plan[1]).toMatchObject({
      addedAsJump: false,
      jump: { kind: 'planned', key: 'ssh-config:bastion' },
    });
    // `ProxyJump bastion,inner`: the last hop is the host's own jump host.
    expect(plan[2]).toMatchObject({ jump: { kind: 'planned', key: 'ssh-config:inner' } });
    expect(plan.every((item) => item.problem === null)).toBe(true);
  });

  it('uses a saved host as the jump host, by alias match, name or user@address:port', () => {
    const saved = savedHost('gateway', 'h_gw');
    const viaName = candidate('a', { proxyJump: 'gateway' });
    const viaAddress = candidate('b', { proxyJump: 'root@gateway.example.net:2222' });
    const viaAlias = candidate('c', { proxyJump: 'gw' });
    const gwAlias = candidate('gw', { existingHostId: 'h_gw' });
    const plan = planImport(
      [viaName, viaAddress, viaAlias],
      [viaName, viaAddress, viaAlias, gwAlias],
      [saved],
      'me',
    );
    expect(plan.map((item) => item.jump)).toEqual([
      { kind: 'saved', hostId: 'h_gw', name: 'gateway' },
      { kind: 'saved', hostId: 'h_gw', name: 'gateway' },
      { kind: 'saved', hostId: 'h_gw', name: 'gateway' },
    ]);
  });

  it('names the problem of a host it cannot add, and of the hosts behind it, and adds the rest', () => {
    const lost = candidate('lost', { proxyJump: 'nowhere' });
    const behind = candidate('behind', { proxyJump: 'lost' });
    const loopA = candidate('loop-a', { proxyJump: 'loop-b' });
    const loopB = candidate('loop-b', { proxyJump: 'loop-a' });
    const fine = candidate('fine');
    const all = [lost, behind, loopA, loopB, fine];
    const plan = planImport(all, all, [], 'me');
    const problem = (alias: string) => plan.find((item) => item.candidate.alias === alias)?.problem;
    expect(problem('lost')).toContain('neither in ~/.ssh/config nor a saved host');
    expect(problem('behind')).toBe('Reached through lost, which cannot be added');
    expect(problem('loop-a')).toMatch(/leads back|cannot be added/);
    expect(problem('loop-b')).toMatch(/leads back|cannot be added/);
    expect(problem('fine')).toBeNull();
  });

  it('fills defaults: the local user without a User line, agent auth without a key, a free name', () => {
    const noUser = candidate('web', { user: null, keyPath: null });
    const plan = planImport([noUser], [noUser], [savedHost('web', 'h_web')], 'alice');
    expect(plan[0]?.input).toMatchObject({ name: 'web-2', user: 'alice', auth: { kind: 'agent' } });
    expect(planImport([noUser], [noUser], [], null)[0]?.problem).toContain('names no User');
  });

  it('skips candidates that are already saved hosts', () => {
    const known = candidate('known', { existingHostId: 'h_1' });
    expect(planImport([known], [known], [], 'me')).toEqual([]);
  });
});

/**
 * `workloads.importYaml` / `workloads.exportYaml` through the contract on a real core (memory secret store,
 * no lab: a host is only a record here). The seed functions themselves are tested in workload-yaml.test.ts;
 * this checks the handlers apply through the services and keep secrets out of the database and the export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { makeTestCore, type TestCore } from './foundation/test-core';

const seed = readFileSync(join(__dirname, '../fixtures/docker-watcher.example.yaml'), 'utf8');

describe('workloads YAML import and export', () => {
  let test: TestCore;
  let client: TidewatchClient;
  let hostId: string;

  beforeEach(async () => {
    test = makeTestCore();
    client = createClient(createMemoryTransport(test.core.dispatcher, test.core.events));
    const host = await client.call('hosts.create', {
      name: 'apps-1',
      address: '192.0.2.10',
      port: 22,
      user: 'deploy',
      auth: { kind: 'agent' },
    });
    hostId = host.id;
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('shows the diff, applies it, and a second import changes nothing', async () => {
    const preview = await client.call('workloads.importYaml', { text: seed, hostId });
    expect(preview).toMatchObject({ ok: true, applied: false, problems: [] });
    expect(
      preview.changes.some((change) => change.kind === 'add' && change.what.startsWith('workload notes-api')),
    ).toBe(true);
    expect(await client.call('workloads.list')).toEqual([]);

    const applied = await client.call('workloads.importYaml', { text: seed, hostId, apply: true });
    expect(applied).toMatchObject({ ok: true, applied: true });
    const [workload] = await client.call('workloads.list');
    expect(workload).toMatchObject({ name: 'notes-api', hostId, port: 8080, healthPath: '/healthz' });
    expect(workload?.stages.map((stage) => [stage.name, stage.promoteFrom])).toEqual([
      ['dev', null],
      ['rel', null],
      ['prod', 'rel'],
    ]);
    expect((await client.call('settings.get')).workloadDomain).toBe('apps.example.test');
    const registry = (await client.call('registries.list')).find(
      (item) => item.host === 'forge.example.test',
    );
    expect(registry).toMatchObject({ username: 'ci-bot', hasSecret: true });
    expect(await client.call('proxy.get', { hostId })).toMatchObject({ kind: 'npm', npmPasswordSet: true });
    const dump = JSON.stringify(test.core.db.prepare('SELECT * FROM registries').all());
    expect(dump).not.toContain('forge-token-91c2');

    const again = await client.call('workloads.importYaml', { text: seed, hostId });
    expect(again.changes.filter((change) => change.kind !== 'same')).toEqual([]);
  });

  it('exports secrets as references unless asked, and the export imports as no change', async () => {
    await client.call('workloads.importYaml', { text: seed, hostId, apply: true });
    const { text } = await client.call('workloads.exportYaml');
    expect(text).not.toContain('forge-token-91c2');
    expect(text).not.toContain('npm-pass-7f3a');
    expect(text).toContain('${stored}');
    const reimport = await client.call('workloads.importYaml', { text, hostId });
    expect(reimport.changes.filter((change) => change.kind !== 'same')).toEqual([]);
    const withSecrets = await client.call('workloads.exportYaml', { includeSecrets: true });
    expect(withSecrets.text).toContain('forge-token-91c2');
  });

  it('a broken file answers line-numbered problems and changes nothing', async () => {
    const broken = seed.replace("tag_pattern: 'v*'", "tag_patern: 'v*'");
    const result = await client.call('workloads.importYaml', { text: broken, hostId, apply: true });
    expect(result.ok).toBe(false);
    expect(result.applied).toBe(false);
    expect(result.problems[0]?.line).toBeGreaterThan(0);
    expect(result.problems.map((problem) => problem.message).join('\n')).toMatch(/tag_patern/);
    expect(await client.call('workloads.list')).toEqual([]);
    expect(await client.call('registries.list')).toEqual([]);
  });

  it('refuses an unknown host', async () => {
    await expect(
      client.call('workloads.importYaml', { text: seed, hostId: 'no-such-host' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

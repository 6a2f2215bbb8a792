/**
 * Bad input to the workloads and proxy calls is refused where it is made: VALIDATION for malformed names
 * (a Docker name can never reach another API path), NOT_FOUND for unknown ids and hosts, CONFLICT for a
 * name taken on a host, VALIDATION for stage references that do not exist.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { makeTestCore, type TestCore } from './foundation/test-core';

describe('workloads: bad input', () => {
  let test: TestCore;
  let client: TidewatchClient;
  let hostId: string;
  const base = () => ({
    name: 'web',
    hostId,
    image: 'registry.example.test/team/web',
    port: 8080,
    stages: [{ name: 'prod', tagPattern: 'v*' }],
  });

  beforeEach(async () => {
    test = makeTestCore();
    client = createClient(createMemoryTransport(test.core.dispatcher, test.core.events));
    hostId = (
      await client.call('hosts.create', {
        name: 'h1',
        address: '192.0.2.10',
        port: 22,
        user: 'deploy',
        auth: { kind: 'agent' },
      })
    ).id;
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('refuses malformed names before any Docker call', async () => {
    await expect(client.call('workloads.create', { ...base(), name: 'Web App' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      client.call('workloads.create', { ...base(), network: '../containers/x' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      client.call('proxy.set', { hostId, kind: 'caddy', caddyContainer: '../../containers/x/kill' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const { id } = await client.call('workloads.create', base());
    await expect(
      client.call('workloads.instanceAction', { id, containerName: '../../x', action: 'stop' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('answers NOT_FOUND for unknown hosts, workloads and stages', async () => {
    await expect(client.call('workloads.create', { ...base(), hostId: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    for (const call of [
      () => client.call('workloads.get', { id: 404 }),
      () => client.call('workloads.remove', { id: 404 }),
      () => client.call('workloads.tags', { id: 404, stage: 'prod' }),
      () => client.call('workloads.history', { id: 404 }),
      () => client.call('workloads.deploy', { id: 404, stage: 'prod', tag: 'v1' }),
      () => client.call('workloads.check', { id: 404 }),
      () => client.call('proxy.get', { hostId: 'nope' }),
    ])
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { id } = await client.call('workloads.create', base());
    await expect(client.call('workloads.deploy', { id, stage: 'dev', tag: 'v1' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a taken name, duplicate stages and a promotion from a missing stage', async () => {
    await client.call('workloads.create', base());
    await expect(client.call('workloads.create', base())).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      client.call('workloads.create', {
        ...base(),
        name: 'other',
        stages: [
          { name: 'prod', tagPattern: '*' },
          { name: 'prod', tagPattern: 'v*' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      client.call('workloads.create', {
        ...base(),
        name: 'third',
        stages: [{ name: 'prod', tagPattern: '*', promoteFrom: 'rel' }],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await client.call('workloads.list')).map((item) => item.name)).toEqual(['web']);
  });

  it('keeps a secret env value out of the database and out of every answer', async () => {
    const created = await client.call('workloads.create', {
      ...base(),
      env: [{ key: 'DB_PASSWORD', value: 'hunter2-secret', secret: true }],
    });
    expect(JSON.stringify(created)).not.toContain('hunter2-secret');
    expect(JSON.stringify(test.core.db.prepare('SELECT * FROM workloads').all())).not.toContain(
      'hunter2-secret',
    );
    expect(JSON.stringify(await client.call('workloads.list'))).not.toContain('hunter2-secret');
  });
});

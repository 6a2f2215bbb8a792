/** Errors about one input field say which field, so a form shows them there instead of a generic toast. */
import { describe, expect, it } from 'vitest';
import { createClient } from '@shared/rpc/client';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { makeTestCore } from './foundation/test-core';

describe('field errors through the contract', () => {
  it('a duplicate host name is CONFLICT on the name field, with what to do', async () => {
    const test = makeTestCore();
    const client = createClient(createMemoryTransport(test.core.dispatcher, test.core.events));
    try {
      const host = { name: 'web-1', address: '10.0.0.5', user: 'deploy', auth: { kind: 'agent' as const } };
      await client.call('hosts.create', host);
      await expect(client.call('hosts.create', { ...host, name: 'WEB-1' })).rejects.toMatchObject({
        code: 'CONFLICT',
        field: 'name',
        message: expect.stringMatching(/already exists: choose another name/),
      });
    } finally {
      await test.dispose();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../../../electron/core/api/memory-transport';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { ContractError } from '@shared/rpc/errors';
import { DEFAULT_SETTINGS, type Settings } from '@shared/schemas/settings';
import { makeTestCore, type TestCore } from './test-core';

describe('settings through the memory transport and the typed client', () => {
  let test: TestCore;
  let client: TidewatchClient;
  let close: () => void;

  beforeEach(() => {
    test = makeTestCore();
    const transport = createMemoryTransport(test.core.dispatcher, test.core.events);
    close = () => transport.close();
    client = createClient(transport);
  });
  afterEach(async () => {
    close();
    await test.dispose();
  });

  it('starts with the defaults and round-trips an update', async () => {
    expect(await client.call('settings.get')).toEqual(DEFAULT_SETTINGS);
    const updated = await client.call('settings.update', { theme: 'dark', defaultPollIntervalMinutes: 30 });
    expect(updated).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', defaultPollIntervalMinutes: 30 });
    expect(await client.call('settings.get')).toEqual(updated);
  });

  it('keeps settings across a restart of the core (same data folder)', async () => {
    await client.call('settings.update', { closeToTray: false });
    const restarted = makeTestCore({ dataDir: test.dataDir });
    try {
      const otherClient = createClient(
        createMemoryTransport(restarted.core.dispatcher, restarted.core.events),
      );
      expect((await otherClient.call('settings.get')).closeToTray).toBe(false);
    } finally {
      await restarted.core.close();
    }
  });

  it('refuses an out-of-range value with VALIDATION and changes nothing', async () => {
    const seen: Settings[] = [];
    client.on('settings.changed', (settings) => seen.push(settings));
    client.ready();
    const before = await client.call('settings.get');

    const error = await client
      .call('settings.update', { defaultPollIntervalMinutes: 1, theme: 'dark' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).code).toBe('VALIDATION');
    expect((error as ContractError).method).toBe('settings.update');
    expect((error as ContractError).message).toContain('defaultPollIntervalMinutes');

    expect(await client.call('settings.get')).toEqual(before);
    expect(seen).toEqual([]);
  });

  it('emits settings.changed with the new settings after a valid update', async () => {
    const seen: Settings[] = [];
    client.on('settings.changed', (settings) => seen.push(settings));
    client.ready();
    await client.call('settings.update', { theme: 'light' });
    expect(seen).toEqual([{ ...DEFAULT_SETTINGS, theme: 'light' }]);
  });

  it('holds events until the client is ready, then delivers them in order', async () => {
    const seen: string[] = [];
    client.on('settings.changed', (settings) => seen.push(settings.theme));
    await client.call('settings.update', { theme: 'light' });
    await client.call('settings.update', { theme: 'dark' });
    expect(seen).toEqual([]);
    client.ready();
    expect(seen).toEqual(['light', 'dark']);
  });
});

/**
 * A real core for benches, child processes and tests that manage their own data folder: test mode, no
 * log output, secrets in memory, no update schedules. Free of vitest, like lab-host.ts.
 */
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { createCore, type Core, type CoreOptions } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logging/logger';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store';
import { hostKeyFingerprint, type LabHostName, type LabInfo } from '../lab/lab';
import { labHost } from './lab-host';

export function createQuietCore(dataDir: string, options: Partial<CoreOptions> = {}): Core {
  return createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    logger: silentLogger,
    mode: 'test',
    version: '0.0.0-test',
    ...options,
    updates: { autoStart: false, ...options.updates },
  });
}

/** A client of the core over the in-memory transport. */
export function clientOf(core: Core): TidewatchClient {
  return createClient(createMemoryTransport(core.dispatcher, core.events));
}

/** Saves a lab machine (key auth) and trusts its host key, as a user confirming the fingerprint would. */
export async function addTrustedLabHost(
  client: TidewatchClient,
  lab: LabInfo,
  name: LabHostName,
  fields: Parameters<typeof labHost>[2] = {},
): Promise<string> {
  const host = await client.call('hosts.create', labHost(lab, name, fields));
  await client.call('hosts.trustHostKey', { hostId: host.id, fingerprint: await hostKeyFingerprint(name) });
  return host.id;
}

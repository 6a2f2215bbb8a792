/**
 * The companion of the UI benchmark, in its own process so its memory is measured alone: 25 synthetic
 * hosts × 200 containers (synthetic-fleet.ts), added, trusted and connected through the contract. Prints
 * one line `READY {"url":…}` when every host is connected.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCompanion } from '../../../electron/companion/server';
import { fleetContainers, fleetDialer, startFakeEngine } from './synthetic-fleet';

const HOSTS = Number(process.env.FLEET_HOSTS ?? 25);
const CONTAINERS = Number(process.env.FLEET_CONTAINERS ?? 200);

async function main(): Promise<void> {
  const socketDir = mkdtempSync(join(tmpdir(), 'tw-fleet-sockets-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-fleet-data-'));
  for (let host = 0; host < HOSTS; host += 1) {
    await startFakeEngine(join(socketDir, `host-${host}.sock`), fleetContainers(host, CONTAINERS));
  }
  const companion = await startCompanion({
    dataDir,
    port: 0,
    secretKeyFile: null,
    rendererDir: null,
    newToken: false,
    webhooks: null,
    localEngine: null,
    help: false,
    env: { ...process.env, TIDEWATCH_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') },
    ssh: { dial: fleetDialer(socketDir), agentSocket: null },
  });
  const call = async (method: string, input: unknown) => {
    const envelope = await companion.core.dispatcher.dispatch(method, input, { transport: 'memory' });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.data as Record<string, unknown>;
  };
  for (let host = 0; host < HOSTS; host += 1) {
    const created = await call('hosts.create', {
      name: `site-${String(host + 1).padStart(2, '0')}`,
      address: `10.99.${Math.floor(host / 250)}.${(host % 250) + 1}`,
      user: 'ops',
      auth: { kind: 'agent' },
      dockerSocket: `/run/host-${host}.sock`,
    });
    const hostId = String(created.id);
    const probe = await call('hosts.testConnection', { hostId });
    await call('hosts.trustHostKey', { hostId, fingerprint: probe.fingerprint });
    const status = await call('hosts.connect', { hostId });
    if (status.state !== 'connected')
      throw new Error(`host ${host}: ${String(status.state)} ${String(status.reason)}`);
  }
  console.log(`READY ${JSON.stringify({ url: companion.url, pid: process.pid })}`);
  const stop = () => void companion.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SshDockerAgent } from '../../electron/core/docker/ssh-docker-agent';
import { createTrustedHost, labHost, startTestCore, type TestCore } from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;
let hostId: string;

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  expect((await t.client.call('hosts.connect', { hostId: hostId })).state).toBe('connected');
});
afterAll(async () => {
  await t?.close();
});

/** The agent docker-modem hands to http.request for this host's engine. */
async function engineAgent(): Promise<SshDockerAgent> {
  const { docker } = await t.core.docker.engine(hostId);
  // docker-modem keeps the `agent` option as `modem.agent`; @types/docker-modem does not declare it.
  const agent = (docker.modem as unknown as { agent?: unknown }).agent;
  if (!(agent instanceof SshDockerAgent)) throw new Error('the engine does not use an SshDockerAgent');
  return agent;
}

describe('Docker calls over the SSH tunnel agent', () => {
  it('reuses one channel for sequential calls instead of opening one per call', async () => {
    const { docker } = await t.core.docker.engine(hostId);
    const agent = await engineAgent();
    await docker.listContainers({ all: true });
    const before = agent.channelsOpened;
    for (let i = 0; i < 20; i += 1) await docker.listContainers({ all: true });
    expect(before).toBeGreaterThan(0);
    expect(agent.channelsOpened - before).toBe(0);
  });

  it('stays cheap and secret-free under the util.inspect docker-modem runs on every request', async () => {
    const agent = await engineAgent();
    const { docker } = await t.core.docker.engine(hostId);
    await docker.listContainers({ all: true }); // a pooled channel (and through it the ssh2 client) exists now
    // Exactly what docker-modem's buildRequest evaluates, debug log on or off. Unbounded, this walked the
    // ssh2 client (~200 KB incl. the private key) and cost ~6 ms per call.
    const text = inspect({ path: '/containers/json', agent }, { showHidden: true, depth: null });
    expect(text.length).toBeLessThan(1000);
    expect(text).not.toMatch(/privateKey|PRIVATE KEY|_client/);
  });
});

// Docker API latency over Tidewatch's SSH tunnel vs the engine's unix socket vs `docker -H ssh://` (CLI).
// Run: npx tsx tests/bench/tunnel-bench.ts
// (reuses a healthy running lab, else starts one and stops it after: support/bench-lab.ts)
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, type Agent } from 'node:http';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { createCore } from '../../electron/core/app';
import type { SshDockerAgent } from '../../electron/core/docker/ssh-docker-agent';
import { silentLogger } from '../../electron/core/logging/logger';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store';
import { hostKeyFingerprint, type LabInfo } from '../lab/lab';
import { onBenchLab } from './support/bench-lab';

const run = promisify(execFile);
const ITERATIONS = 200;
const CLI_ITERATIONS = 5;
const PARALLEL = 50;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function time(iterations: number, work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** GET /containers/json through an http.Agent with plain http.request: the tunnel without dockerode. */
function rawList(agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: 'docker', port: 2375, path: '/containers/json?all=1', method: 'GET' },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Adds a host with the lab's plain key and pins its scanned key (checked against the lab's own). */
async function trustedHost(
  core: ReturnType<typeof createCore>,
  info: LabInfo,
  name: 'dock1' | 'dock3' | 'jump',
  jumpHostId: string | null,
): Promise<string> {
  const labHost = info.hosts[name];
  const host = await core.hosts.create({
    name,
    address: labHost.ip,
    port: 22,
    user: info.users.twlab,
    auth: { kind: 'key', keyPath: info.keys.plain },
    jumpHostId,
    dockerSocket: labHost.dockerSocket ?? '',
    dockerEnabled: true,
    group: null,
    color: null,
  });
  const scan = await core.ssh.scanHostKey(host.id);
  if (!('key' in scan) || scan.key.fingerprint !== (await hostKeyFingerprint(name)))
    throw new Error(`host key scan of ${name} failed`);
  core.hosts.pinHostKey(host.id, scan.key);
  return host.id;
}

async function main(info: LabInfo): Promise<void> {
  const dock1 = info.hosts.dock1;
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  const core = createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    logger: silentLogger,
    mode: 'test',
    version: 'bench',
    updates: { autoStart: false },
  });
  try {
    const hostId = await trustedHost(core, info, 'dock1', null);
    const status = await core.connectivity.connect(hostId);
    if (status.state !== 'connected') throw new Error(`not connected: ${status.reason}`);
    const tunnel = (await core.docker.engine(hostId)).docker;
    // docker-modem keeps the `agent` option as modem.agent (undeclared in @types/docker-modem).
    const agent = (tunnel.modem as unknown as { agent: SshDockerAgent }).agent;
    const direct = new Docker({ socketPath: dock1.dockerSocket });

    const channelsBefore = agent.channelsOpened;
    const tunnelSamples = await time(ITERATIONS, () => tunnel.listContainers({ all: true }));
    const channelsPerRun = agent.channelsOpened - channelsBefore;
    const rawSamples = await time(ITERATIONS, () => rawList(agent));

    // dock3 is reachable only through the jump host: its SSH connection runs inside a channel of jump's.
    const jumpId = await trustedHost(core, info, 'jump', null);
    const dock3Id = await trustedHost(core, info, 'dock3', jumpId);
    const dock3Status = await core.connectivity.connect(dock3Id);
    if (dock3Status.state !== 'connected') throw new Error(`dock3 not connected: ${dock3Status.reason}`);
    const viaJump = (await core.docker.engine(dock3Id)).docker;
    const jumpSamples = await time(ITERATIONS, () => viaJump.listContainers({ all: true }));
    const directSamples = await time(ITERATIONS, () => direct.listContainers({ all: true }));

    // The CLI over ssh: an ssh config with the lab key and no host key prompts, in a temp HOME.
    const home = mkdtempSync(join(tmpdir(), 'tw-bench-home-'));
    writeFileSync(
      join(home, 'ssh_config'),
      `Host ${dock1.ip}\n  IdentityFile ${info.keys.plain}\n  IdentitiesOnly yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n`,
    );
    // ssh reads ~/.ssh/config from the passwd entry, not $HOME: a wrapper first in PATH passes -F instead.
    mkdirSync(join(home, 'bin'));
    writeFileSync(
      join(home, 'bin', 'ssh'),
      `#!/bin/sh\nexec /usr/bin/ssh -F ${join(home, 'ssh_config')} "$@"\n`,
      { mode: 0o755 },
    );
    const env = {
      ...process.env,
      PATH: `${join(home, 'bin')}:${process.env.PATH ?? ''}`,
      DOCKER_CONFIG: join(home, '.docker'),
    };
    const cliArgs = ['-H', `ssh://${info.users.twlab}@${dock1.ip}`, 'ps', '-a', '-q'];
    let cliSamples: number[] = [];
    let cliNote = '';
    try {
      cliSamples = await time(CLI_ITERATIONS, () => run('docker', cliArgs, { env }));
    } catch (error) {
      cliNote = `CLI failed: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`;
    }
    rmSync(home, { recursive: true, force: true });

    const parallelStart = performance.now();
    await Promise.all(Array.from({ length: PARALLEL }, () => tunnel.listContainers({ all: true })));
    const parallelMs = performance.now() - parallelStart;

    const d50 = percentile(directSamples, 50);
    const rows = [
      ['unix socket (direct)', directSamples, ITERATIONS],
      ['SSH tunnel (Tidewatch)', tunnelSamples, ITERATIONS],
      ['tunnel, raw http.request', rawSamples, ITERATIONS],
      ['tunnel via jump (dock3)', jumpSamples, ITERATIONS],
      ['docker -H ssh:// (CLI)', cliSamples, CLI_ITERATIONS],
    ] as const;
    console.log(`listContainers on dock1 (${info.hosts.dock1.ip}), ms`);
    console.log('path                      n     p50      p90   p50/direct');
    for (const [name, samples, n] of rows) {
      if (samples.length === 0) {
        console.log(`${name.padEnd(24)} ${String(n).padStart(3)}   ${cliNote}`);
        continue;
      }
      const p50 = percentile(samples, 50);
      console.log(
        `${name.padEnd(24)} ${String(n).padStart(3)} ${p50.toFixed(2).padStart(7)} ${percentile(samples, 90).toFixed(2).padStart(8)} ${(p50 / d50).toFixed(1).padStart(10)}x`,
      );
    }
    console.log(`channels opened for ${ITERATIONS} sequential tunnel calls: ${channelsPerRun}`);
    console.log(
      `${PARALLEL} parallel calls over the tunnel: ${parallelMs.toFixed(1)} ms total (${(parallelMs / PARALLEL).toFixed(2)} ms/call)`,
    );
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

onBenchLab(main).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

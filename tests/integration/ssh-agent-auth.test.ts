// Agent auth against the lab with a real OpenSSH agent (ssh-agent -D as a child process, its own socket):
// the core gets the socket through its options, never from this process's SSH_AUTH_SOCK.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTrustedHost, labHost, startTestCore, type TestCore } from './ssh-helpers';

const run = promisify(execFile);
const lab = inject('lab');

interface Agent {
  socket: string;
  process: ChildProcess;
}

const agentDir = mkdtempSync(join(tmpdir(), 'tw-agent-'));
const agents: Agent[] = [];
const cores: TestCore[] = [];

/** Starts `ssh-agent -D` on its own socket; it prints its SSH_AUTH_SOCK line once the socket is listening. */
async function startAgent(name: string): Promise<Agent> {
  const socket = join(agentDir, `${name}.sock`);
  const child = spawn('ssh-agent', ['-a', socket, '-D'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const agent = { socket, process: child };
  agents.push(agent);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('SSH_AUTH_SOCK=')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`ssh-agent exited (${code}): ${output}`)));
  });
  if (!existsSync(socket)) throw new Error(`ssh-agent did not create ${socket}: ${output}`);
  return agent;
}

/** Runs ssh-add against one agent (never the environment's agent). */
async function sshAdd(agent: Agent, ...args: string[]): Promise<string> {
  const env = { ...process.env, SSH_AUTH_SOCK: agent.socket };
  const { stdout } = await run('ssh-add', args, { env });
  return stdout;
}

async function coreWithAgent(agentSocket: string | null): Promise<TestCore> {
  const core = await startTestCore({ agentSocket });
  cores.push(core);
  return core;
}

let loaded: Agent;
let empty: Agent;

beforeAll(async () => {
  [loaded, empty] = await Promise.all([startAgent('loaded'), startAgent('empty')]);
  await sshAdd(loaded, lab.keys.plain);
});

afterAll(async () => {
  await Promise.all(cores.map((core) => core.close()));
  for (const agent of agents) agent.process.kill('SIGTERM');
  rmSync(agentDir, { recursive: true, force: true });
});

describe('SSH agent auth against the lab', () => {
  it('connects with the key held by the agent and lists the containers', async () => {
    expect(await sshAdd(loaded, '-l')).toMatch(/ED25519/);
    const t = await coreWithAgent(loaded.socket);
    const host = await createTrustedHost(t, labHost(lab, 'dock1', { auth: { kind: 'agent' } }), 'dock1');
    expect(host.auth).toEqual({ kind: 'agent' });

    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status).toMatchObject({ hostId: host.id, state: 'connected' });
    const names = (await t.client.call('containers.list', { hostId: host.id })).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(lab.containers.dock1));
  });

  it('an agent without keys is auth-failed with a reason about the agent, not retried', async () => {
    await expect(sshAdd(empty, '-l')).rejects.toThrow();
    const t = await coreWithAgent(empty.socket);
    const host = await createTrustedHost(t, labHost(lab, 'dock1', { auth: { kind: 'agent' } }), 'dock1');

    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status.state).toBe('auth-failed');
    expect(status.reason).toBe(
      `The SSH agent at ${empty.socket} holds no keys: add the host's key with ssh-add`,
    );
    expect(status.nextRetryAt).toBeUndefined();
  });

  it('an agent socket nobody listens on is auth-failed with a reason saying the agent is not reachable', async () => {
    const gone = join(agentDir, 'gone.sock');
    const t = await coreWithAgent(gone);
    const host = await createTrustedHost(t, labHost(lab, 'dock1', { auth: { kind: 'agent' } }), 'dock1');

    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status.state).toBe('auth-failed');
    expect(status.reason).toMatch(/The SSH agent at .*gone\.sock is not reachable: is ssh-agent running\?/);
  });

  it('no agent at all (no SSH_AUTH_SOCK) is auth-failed with a reason saying the agent is missing', async () => {
    const t = await coreWithAgent(null);
    const host = await createTrustedHost(t, labHost(lab, 'dock1', { auth: { kind: 'agent' } }), 'dock1');

    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status.state).toBe('auth-failed');
    expect(status.reason).toMatch(/No SSH agent is available \(SSH_AUTH_SOCK is not set/);
    expect(status.nextRetryAt).toBeUndefined();
  });
});

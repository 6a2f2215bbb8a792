/**
 * Crash safety of the deploy engine: a core in a child process is killed with SIGKILL the moment the
 * journal enters each step; a new core on the same data folder then settles the deploy when the host
 * connects. Whatever the step, dock1 ends with exactly one container under the name, running: the new
 * version only if it had passed its health gate, else the old one. The history says what happened.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Deploy } from '@shared/schemas/deploys';
import type { Core } from '../../electron/core/app';
import { dockerCli } from '../lab/lab';
import { addTrustedLabHost, clientOf, createQuietCore } from '../support/quiet-core';
import { copyImage } from './helpers/registry-api';
import { uniqueName } from './ssh-helpers';

const lab = inject('lab');
const registry = { base: `http://${lab.registries.plain}` };
const CHILD = resolve(import.meta.dirname, 'helpers', 'deploy-crash-child.ts');
const ROOT = resolve(import.meta.dirname, '..', '..');
const names: string[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const name of names) {
    const all = (await dockerCli('dock1', ['ps', '-aq', '--filter', `name=^${name}`]))
      .split('\n')
      .filter(Boolean);
    if (all.length > 0) await dockerCli('dock1', ['rm', '-f', ...all]).catch(() => undefined);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A data folder with dock1 saved and trusted, and a container on a repository of its own. */
async function prepare(): Promise<{
  dataDir: string;
  hostId: string;
  name: string;
  id: string;
  repo: string;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-crash-'));
  dirs.push(dataDir);
  const core = createQuietCore(dataDir);
  const client = clientOf(core);
  const hostId = await addTrustedLabHost(client, lab, 'dock1');
  await client.call('registries.create', { host: lab.registries.plain, insecure: true });
  await core.close();
  const repoPath = `deploy/${uniqueName('crash')}`;
  await copyImage(registry, 'lab/web', '1.0.0', registry, repoPath, '1.0.0');
  await copyImage(registry, 'lab/web', '1.1.0', registry, repoPath, '2.0.0');
  const repo = `${lab.registries.plain}/${repoPath}`;
  const name = uniqueName('crash');
  names.push(name);
  const id = (
    await dockerCli('dock1', ['run', '-d', '--name', name, '-p', '127.0.0.1:18095:8080', `${repo}:1.0.0`])
  ).trim();
  return { dataDir, hostId, name, id, repo };
}

/** Runs the child core until it kills itself at `step`; answers how it ended. */
function crashAt(
  dataDir: string,
  hostId: string,
  name: string,
  step: string,
): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, hostId, name, '2.0.0', step], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === null && code !== 3) reject(new Error(`child exited ${code}: ${output.slice(-2000)}`));
      else resolvePromise(signal ?? code);
    });
  });
}

/** Polls until the deploy is settled (a deadline guards against a hang only). */
async function settled(core: Core, hostId: string): Promise<Deploy> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [deploy] = core.deploys.list({ hostId });
    if (deploy && deploy.state !== 'running') return deploy;
    if (Date.now() > deadline) throw new Error(`deploy not settled: ${JSON.stringify(deploy)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function containersNamed(docker: Docker, name: string) {
  const all = await docker.listContainers({ all: true, filters: { name: [`^/${name}`] } });
  return all.map((c) => ({ id: c.Id, name: c.Names[0]?.replace(/^\//, ''), state: c.State, image: c.Image }));
}

// Before the snapshot nothing on the host changed; after the health gate the new version stays.
const CASES: Array<{ step: string; keeps: 'old' | 'new'; state: Deploy['state'] }> = [
  { step: 'pull', keeps: 'old', state: 'failed' },
  { step: 'snapshot', keeps: 'old', state: 'failed' },
  { step: 'stage', keeps: 'old', state: 'rolled-back' },
  { step: 'start', keeps: 'old', state: 'rolled-back' },
  { step: 'health', keeps: 'old', state: 'rolled-back' },
  { step: 'watch', keeps: 'new', state: 'done' },
  { step: 'retire', keeps: 'new', state: 'done' },
];

describe('a core killed mid-deploy', () => {
  for (const { step, keeps, state } of CASES) {
    it(`at the ${step} step: one container under the name, ${keeps === 'old' ? 'the old' : 'the new'} one, running`, async () => {
      const { dataDir, hostId, name, id, repo } = await prepare();
      expect(await crashAt(dataDir, hostId, name, step)).toBe('SIGKILL');

      const core = createQuietCore(dataDir);
      try {
        expect(core.deploys.list({ hostId })[0]).toMatchObject({ state: 'running', step });
        await core.connectivity.connect(hostId);
        const deploy = await settled(core, hostId);
        expect(deploy.state).toBe(state);
        expect(deploy.reason).toContain(`the core stopped during the ${step} step`);

        const { docker } = await core.docker.engine(hostId);
        const left = await containersNamed(docker, name);
        expect(left).toHaveLength(1);
        expect(left[0]).toMatchObject({ name, state: 'running' });
        if (keeps === 'old') expect(left[0]?.id).toBe(id);
        else expect(left[0]).toMatchObject({ image: `${repo}:2.0.0` });
        expect(left[0]?.id === id).toBe(keeps === 'old');
      } finally {
        await core.close();
        // The next case publishes the same port.
        const all = (await dockerCli('dock1', ['ps', '-aq', '--filter', `name=^${name}`]))
          .split('\n')
          .filter(Boolean);
        if (all.length > 0) await dockerCli('dock1', ['rm', '-f', ...all]);
      }
    }, 240_000);
  }
});

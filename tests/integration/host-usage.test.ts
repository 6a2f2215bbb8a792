/**
 * docker.usage on dock1: a busybox loop that burns a CPU tops the list of the host's running containers,
 * above an idle one; memory figures are filled in; two callers at once share one pass.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HostUsage } from '@shared/schemas/host-usage';
import { dockerCli } from '../lab/lab';
import { createTrustedHost, labHost, startTestCore, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const burner = `twops-burn-${suffix}`;
const idle = `twops-idle-${suffix}`;
const image = `${lab.registries.plain}/lab/web:1.0.0`;
let t: TestCore;
let hostId: string;

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  await dockerCli('dock1', ['run', '-d', '--name', idle, image]);
  await dockerCli('dock1', [
    'run',
    '-d',
    '--name',
    burner,
    '--entrypoint',
    'sh',
    image,
    '-c',
    'while :; do :; done',
  ]);
}, 180_000);

afterAll(async () => {
  await dockerCli('dock1', ['rm', '-f', burner, idle]).catch(() => undefined);
  await t?.close();
});

const find = (usage: HostUsage, name: string) => usage.containers.findIndex((c) => c.name === name);

describe('docker.usage', { timeout: 180_000 }, () => {
  it('puts the container that burns CPU on top, above the idle one', async () => {
    const started = performance.now();
    const usage = await t.client.call('docker.usage', { hostId });
    const ms = Math.round(performance.now() - started);
    console.log(`docker.usage: ${usage.running} running containers measured in ${ms} ms`);

    expect(usage.hostId).toBe(hostId);
    expect(usage.cpus).toBeGreaterThan(0);
    expect(usage.running).toBeGreaterThanOrEqual(2);
    expect(usage.containers.length + usage.failed).toBe(usage.running);
    const hot = find(usage, burner);
    const cold = find(usage, idle);
    expect(hot).toBeGreaterThanOrEqual(0);
    expect(cold).toBeGreaterThan(hot);
    const burning = usage.containers[hot];
    expect(burning?.cpuPercent).toBeGreaterThan(20);
    expect(usage.containers[cold]?.cpuPercent ?? 100).toBeLessThan(burning?.cpuPercent ?? 0);
    // dock1 is shared: anything ranked above ours must be burning too (another test's loop), not idle.
    for (const other of usage.containers.slice(0, hot)) expect(other.cpuPercent).toBeGreaterThan(20);
    // Busiest first, all the way down.
    const cpu = usage.containers.map((c) => c.cpuPercent);
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a));
    for (const name of [burner, idle]) {
      const entry = usage.containers.find((c) => c.name === name);
      expect(entry?.memoryBytes).toBeGreaterThan(0);
      expect(entry?.memoryLimitBytes).toBeGreaterThan(entry?.memoryBytes ?? 0);
    }
  });

  it('answers two callers at once from one pass', async () => {
    const [a, b] = await Promise.all([
      t.client.call('docker.usage', { hostId }),
      t.client.call('docker.usage', { hostId }),
    ]);
    expect(a.at).toBe(b.at);
    expect(a).toEqual(b);
  });

  it('leaves a stopped container out', async () => {
    await dockerCli('dock1', ['stop', '-t', '1', idle]);
    const usage = await t.client.call('docker.usage', { hostId });
    expect(find(usage, idle)).toBe(-1);
    expect(find(usage, burner)).toBeGreaterThanOrEqual(0);
  });
});

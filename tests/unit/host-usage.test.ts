/**
 * The host overview: the sampler's pass (bounded reads in flight, failures counted, a dead engine is an
 * error, callers share a pass) against a stand-in for the Docker API, and the card's top lists.
 */
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ContainerUsage, HostUsage } from '@shared/schemas/host-usage';
import type { RawStats } from '../../electron/core/docker/container-stats';
import type { Engine } from '../../electron/core/docker/docker-engine';
import { HostUsageSampler } from '../../electron/core/docker/host-usage';
import { formatCpu, topBy, usageTotals } from '../../renderer/src/features/hosts/page/top-usage';

/** Stats in which the container used `busy` of 2 CPUs over the interval and `mib` MiB. */
function stats(busy: number, mib: number): RawStats {
  return {
    cpu_stats: { cpu_usage: { total_usage: 1e9 + busy * 2e9 }, system_cpu_usage: 2e10 + 2e9, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 1e9 }, system_cpu_usage: 2e10 },
    memory_stats: { usage: (mib + 1) * 2 ** 20, limit: 2 ** 30, stats: { inactive_file: 2 ** 20 } },
  };
}

type Reply = RawStats | { statusCode: number; message: string } | Error;

/**
 * The one thing faked: dockerode's list and stats calls, answering each container from `replies` a tick
 * later, counting how many reads are in flight at once.
 */
function fakeEngine(replies: Record<string, Reply>, transport: Engine['transport'] = 'streamlocal') {
  const seen = { lists: 0, inFlight: 0, maxInFlight: 0 };
  const docker = {
    listContainers: () => {
      seen.lists += 1;
      return Promise.resolve(Object.keys(replies).map((name) => ({ Id: `id-${name}`, Names: [`/${name}`] })));
    },
    getContainer: (id: string) => ({
      stats: async () => {
        seen.inFlight += 1;
        seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.inFlight -= 1;
        const reply = replies[id.replace(/^id-/, '')];
        if (!reply || reply instanceof Error || 'statusCode' in reply) throw reply;
        return reply;
      },
    }),
  } as unknown as Docker;
  const engine: Engine = { docker, transport, socketPath: '/var/run/docker.sock', close: () => undefined };
  return { engine, seen };
}

const at = new Date('2026-12-03T12:00:00.000Z');

describe('HostUsageSampler', () => {
  it('measures every running container, busiest first; a container gone meanwhile is counted', async () => {
    const { engine } = fakeEngine({
      idle: stats(0.01, 10),
      hot: stats(0.9, 50),
      gone: { statusCode: 404, message: 'no such container' },
    });
    const usage = await new HostUsageSampler(
      () => Promise.resolve(engine),
      () => at,
    ).usage('h1');
    expect(usage).toMatchObject({ hostId: 'h1', at: at.toISOString(), running: 3, cpus: 2, failed: 1 });
    expect(usage.containers.map((c) => c.name)).toEqual(['hot', 'idle']);
    expect(usage.containers[0]?.cpuPercent).toBeCloseTo(180);
    expect(usage.containers[0]?.memoryBytes).toBe(50 * 2 ** 20);
    expect(usage.containers[0]?.memoryLimitBytes).toBe(2 ** 30);
  });

  it('keeps reads in flight bounded: 32 over socket forwarding, 4 over dial-stdio', async () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`c${i}`, stats(0.1, 5)]));
    for (const [transport, bound] of [
      ['streamlocal', 32],
      ['dial-stdio', 4],
    ] as const) {
      const { engine, seen } = fakeEngine(many, transport);
      const usage = await new HostUsageSampler(() => Promise.resolve(engine)).usage('h1');
      expect(usage.containers).toHaveLength(80);
      expect(seen.maxInFlight).toBe(bound);
    }
  });

  it('says UNAVAILABLE when no container could be read because the engine stopped answering', async () => {
    const { engine } = fakeEngine({ a: new Error('channel closed'), b: new Error('channel closed') });
    await expect(new HostUsageSampler(() => Promise.resolve(engine)).usage('h1')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('Reading container stats'),
    });
  });

  it('lets callers asking at once share one pass, and measures again afterwards', async () => {
    const { engine, seen } = fakeEngine({ a: stats(0.5, 5) });
    const sampler = new HostUsageSampler(() => Promise.resolve(engine));
    const [one, two] = await Promise.all([sampler.usage('h1'), sampler.usage('h1')]);
    expect(one).toBe(two);
    expect(seen.lists).toBe(1);
    await sampler.usage('h1');
    expect(seen.lists).toBe(2);
  });
});

function entry(name: string, cpuPercent: number, memoryMib: number): ContainerUsage {
  return { id: name, name, cpuPercent, memoryBytes: memoryMib * 2 ** 20, memoryLimitBytes: 2 ** 30 };
}

describe('the top containers card', () => {
  const containers = [
    entry('db', 5, 900),
    entry('web', 80, 100),
    entry('cache', 80, 300),
    entry('job', 0, 10),
    entry('api', 30, 200),
    entry('proxy', 1, 50),
  ];

  it('lists the five busiest by CPU and by memory, ties by name', () => {
    expect(topBy(containers, 'cpu').map((c) => c.name)).toEqual(['cache', 'web', 'api', 'db', 'proxy']);
    expect(topBy(containers, 'memory').map((c) => c.name)).toEqual(['db', 'cache', 'api', 'web', 'proxy']);
    expect(topBy(containers, 'cpu', 2).map((c) => c.name)).toEqual(['cache', 'web']);
  });

  it('sums the host: CPU as a share of all its CPUs, memory in bytes', () => {
    const usage: HostUsage = { hostId: 'h', at: '', running: 6, cpus: 4, containers, failed: 0 };
    expect(usageTotals(usage)).toEqual({ cpuOfHost: 196 / 4, memoryBytes: 1560 * 2 ** 20 });
    expect(usageTotals({ ...usage, cpus: 0, containers: [] })).toEqual({ cpuOfHost: 0, memoryBytes: 0 });
  });

  it('formats CPU with a decimal only for small loads', () => {
    expect(formatCpu(0.04)).toBe('0.0 %');
    expect(formatCpu(3.25)).toBe('3.3 %');
    expect(formatCpu(187.6)).toBe('188 %');
  });
});

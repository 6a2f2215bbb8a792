// hosts.metrics against the lab: the lab hosts are network namespaces on this machine's kernel, so the
// figures read over SSH from /proc must be this machine's own.
import { cpus, totalmem } from 'node:os';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTrustedHost, labHost, startTestCore, waitForState, type TestCore } from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;

beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => {
  await t?.close();
});

describe('host metrics over SSH', () => {
  it('reads CPU, load and memory of a Docker host and of an SSH-only jump host', async () => {
    const dock = await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1');
    const jump = await createTrustedHost(t, labHost(lab, 'jump', { dockerEnabled: false }), 'jump');
    for (const host of [dock, jump]) {
      await t.client.call('hosts.connect', { hostId: host.id });
      await waitForState(t, host.id, 'connected');
      const first = await t.client.call('hosts.metrics', { hostId: host.id });
      expect(first.hostId).toBe(host.id);
      expect(first.cpus).toBe(cpus().length);
      // MemTotal is the kernel's figure; os.totalmem() reads the same one.
      expect(Math.abs(first.memoryTotalBytes - totalmem())).toBeLessThan(totalmem() * 0.01);
      expect(first.memoryUsedBytes).toBeGreaterThan(0);
      expect(first.memoryUsedBytes).toBeLessThan(first.memoryTotalBytes);
      expect(first.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(first.cpuPercent).toBeLessThanOrEqual(100);
      const second = await t.client.call('hosts.metrics', { hostId: host.id });
      expect(Date.parse(second.at)).toBeGreaterThan(Date.parse(first.at));
    }
  });

  it('an unknown host is NOT_FOUND', async () => {
    await expect(t.client.call('hosts.metrics', { hostId: 'h_nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

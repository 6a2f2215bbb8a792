import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSocketList, SOCKET_DISCOVERY_COMMAND } from '../../electron/core/docker/socket-discovery';

describe('Docker socket discovery', () => {
  it('keeps absolute paths in order, once each, and drops anything else', () => {
    const out =
      '/run/user/1000/docker.sock\n\nrelative/docker.sock\n//var/run//docker.sock\n/run/user/1000/docker.sock\n';
    expect(parseSocketList(out)).toEqual(['/run/user/1000/docker.sock', '/var/run/docker.sock']);
  });

  it('caps the list', () => {
    const out = Array.from({ length: 20 }, (_, index) => `/s/${index}.sock`).join('\n');
    expect(parseSocketList(out)).toHaveLength(8);
  });

  it('the command lists DOCKER_HOST and rootless sockets that exist, and skips a tcp DOCKER_HOST', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-sock-'));
    const runtime = join(dir, 'runtime');
    const custom = join(dir, 'custom.sock');
    execFileSync('mkdir', ['-p', runtime]);
    const servers = [createServer(), createServer()];
    await Promise.all([
      new Promise<void>((resolve) => servers[0]?.listen(custom, resolve)),
      new Promise<void>((resolve) => servers[1]?.listen(join(runtime, 'docker.sock'), resolve)),
    ]);
    try {
      // Only sockets under the test's folder: a machine with its own engine has /var/run/docker.sock too.
      const run = (env: Record<string, string>) =>
        execFileSync('sh', ['-c', SOCKET_DISCOVERY_COMMAND], {
          env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
        })
          .toString()
          .split('\n')
          .filter((line) => line.startsWith(dir))
          .join('\n');
      expect(parseSocketList(run({ DOCKER_HOST: `unix://${custom}`, XDG_RUNTIME_DIR: runtime }))).toEqual([
        custom,
        join(runtime, 'docker.sock'),
      ]);
      expect(parseSocketList(run({ DOCKER_HOST: 'tcp://10.0.0.1:2375' }))).not.toContain(
        'tcp://10.0.0.1:2375',
      );
      // A plain file is not a socket.
      expect(parseSocketList(run({ DOCKER_HOST: `unix://${join(dir, 'nothing')}` }))).toEqual([]);
    } finally {
      for (const server of servers) server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

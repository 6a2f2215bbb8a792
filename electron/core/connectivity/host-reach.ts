/**
 * HostReach: what the core needs of a host beyond its Docker engine. A TCP stream to an address as the
 * host sees it (a container's bridge IP for a deploy's health probe, a proxy's admin API) and one fixed
 * command run on the host (the /proc figures). Over SSH for a remote host; on this machine for a local one,
 * where the core already stands where SSH would have taken it.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { forwardOut } from '../ssh/forward-out';
import { runCommand, type CommandOutput } from '../ssh/run-command';

export interface HostReach {
  /** A byte stream to `address:port` from the host's side; rejects when nothing answers there. */
  dial(address: string, port: number): Promise<Duplex>;
  /** Runs one fixed command the caller built (never user text) and collects at most `maxBytes` of stdout. */
  run(command: string, maxBytes?: number): Promise<CommandOutput>;
}

export function sshReach(client: Client): HostReach {
  return {
    dial: (address, port) => forwardOut(client, address, port),
    run: (command, maxBytes) => runCommand(client, command, maxBytes),
  };
}

export const localReach: HostReach = {
  dial: dialLocal,
  run: runLocal,
};

function dialLocal(address: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.off('error', reject);
      // The caller owns the stream from here; a late reset must not become an uncaught error.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** The command runs under `sh -c` as it would over SSH, with the core's own user and environment. */
function runLocal(command: string, maxBytes = 16 * 1024): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
      size += chunk.length;
    });
    child.stdout.on('error', () => undefined);
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({
        code: typeof code === 'number' ? code : null,
        stdout: Buffer.concat(chunks).toString('utf8'),
      });
    });
  });
}

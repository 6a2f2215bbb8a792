/**
 * The two ways to reach a remote Docker socket over an existing SSH connection:
 * - streamlocal: OpenSSH's direct-streamlocal channel straight to the unix socket (cheap, preferred);
 * - dial-stdio: `docker system dial-stdio` run on the host, its stdin/stdout as the stream, for servers that
 *   refuse streamlocal forwarding (AllowStreamLocalForwarding no). Each stream is one exec session.
 */
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';

export function openStreamLocal(client: Client, socketPath: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    try {
      client.openssh_forwardOutStreamLocal(socketPath, (error, stream) =>
        error ? reject(error) : resolve(stream),
      );
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Keeps the last stderr text of dial-stdio processes: it holds the reason when the engine is not reachable. */
export class StderrTail {
  private text = '';

  add(chunk: Buffer): void {
    this.text = (this.text + chunk.toString('utf8')).slice(-2000);
  }

  /** The last non-empty line, trimmed; empty when nothing was written. */
  lastLine(): string {
    const lines = this.text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return lines.at(-1) ?? '';
  }
}

export function openDialStdio(client: Client, socketPath: string, stderr: StderrTail): Promise<Duplex> {
  const command = `docker -H ${shellQuote(`unix://${socketPath}`)} system dial-stdio`;
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => {
        if (error) return reject(error);
        channel.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
        resolve(channel);
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** POSIX single-quoting: the socket path comes from the user and must stay one argument. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** ssh2 reports refused channels as `(SSH) Channel open failure: <server's text>`. */
export function isChannelOpenFailure(error: unknown): boolean {
  return error instanceof Error && /channel open failure/i.test(error.message);
}

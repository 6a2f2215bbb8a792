import type { Client } from 'ssh2';

export interface CommandOutput {
  /** null when the command was ended by a signal or the server sent no status. */
  code: number | null;
  /** At most `maxBytes` of standard output; the rest is read and dropped. */
  stdout: string;
}

/**
 * Runs one fixed command on the host over an existing connection and collects its standard output. The
 * caller builds the command; nothing a user typed may reach it unquoted. Rejects only when the server
 * refuses the session (MaxSessions, a forced command, a restricted account).
 */
export function runCommand(client: Client, command: string, maxBytes = 16 * 1024): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        let size = 0;
        channel.on('data', (chunk: Buffer) => {
          if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
        });
        // Drained so a chatty stderr cannot stall the channel's window; not shown to anyone.
        channel.stderr.on('data', () => undefined);
        channel.on('error', () => undefined);
        channel.on('close', (code: number | null) => {
          resolve({
            code: typeof code === 'number' ? code : null,
            stdout: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

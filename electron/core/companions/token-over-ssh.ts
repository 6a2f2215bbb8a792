import type { Client } from 'ssh2';
import { AppError } from '@shared/rpc/errors';
import { COMPANION_TOKEN_PATTERN } from '@shared/schemas/companions';

/** A token file is one line; anything longer is not one and is not read further. */
const MAX_BYTES = 1024;

/**
 * Reads a companion's token file on the host over the existing SSH connection (the user confirmed it).
 * Only a value shaped like a token is returned; the file's content is never put in an error, so this
 * cannot be used to read other files through Tidewatch.
 */
export function readTokenOverSsh(client: Client, path: string): Promise<string> {
  // The path was checked against a plain-path pattern; single quotes keep the shell from reading into it.
  const command = `cat -- '${path.replace(/^~\//, '')}'`;
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(new AppError('UNAVAILABLE', 'Could not run a command on the host'));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BYTES) chunks.push(chunk);
      });
      stream.stderr.on('data', () => undefined);
      stream.on('error', () => undefined);
      stream.on('close', (code: number | null) => {
        if (code !== 0)
          return reject(new AppError('NOT_FOUND', 'The token file cannot be read on the host', 'tokenFile'));
        const token = Buffer.concat(chunks).toString('utf8').trim();
        if (size > MAX_BYTES || !COMPANION_TOKEN_PATTERN.test(token)) {
          return reject(new AppError('VALIDATION', 'That file does not hold a companion token', 'tokenFile'));
        }
        resolve(token);
      });
    });
  });
}

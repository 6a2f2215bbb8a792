import type { Client } from 'ssh2';
import { AppError } from '@shared/rpc/errors';
import { COMPANION_TOKEN_PATTERN } from '@shared/schemas/companions';
import { runCommand } from '../ssh/run-command';

/** A token file is one line; anything longer is not one and is not read further. */
const MAX_BYTES = 1024;

/**
 * Reads a companion's token file on the host over the existing SSH connection (the user confirmed it).
 * Only a value shaped like a token is returned; the file's content is never put in an error, so this
 * cannot be used to read other files through Tidewatch.
 */
export async function readTokenOverSsh(client: Client, path: string): Promise<string> {
  // The path was checked against a plain-path pattern; single quotes keep the shell from reading into it.
  const command = `cat -- '${path.replace(/^~\//, '')}'`;
  // One byte past the limit tells a file that is too long from one that fits.
  const output = await runCommand(client, command, MAX_BYTES + 1).catch(() => {
    throw new AppError('UNAVAILABLE', 'Could not run a command on the host');
  });
  if (output.code !== 0)
    throw new AppError('NOT_FOUND', 'The token file cannot be read on the host', 'tokenFile');
  const token = output.stdout.trim();
  if (Buffer.byteLength(output.stdout) > MAX_BYTES || !COMPANION_TOKEN_PATTERN.test(token)) {
    throw new AppError('VALIDATION', 'That file does not hold a companion token', 'tokenFile');
  }
  return token;
}

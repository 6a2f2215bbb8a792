import { READ_CAPS, readFileSafely, SafeReadError } from '../fs/safe-read';

/** AES-256 needs exactly this many key bytes. */
export const SECRET_KEY_BYTES = 32;

/**
 * Reads the companion's file-encryption key from text: 64 hex characters or base64/base64url of 32 bytes.
 * Errors describe the shape that was expected and never echo the text (it is the key).
 */
export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === SECRET_KEY_BYTES) return bytes;
    throw new Error(
      `${source} decodes to ${bytes.length} bytes; it must be ${SECRET_KEY_BYTES} bytes (64 hex characters or base64)`,
    );
  }
  throw new Error(`${source} must be ${SECRET_KEY_BYTES} bytes written as 64 hex characters or base64`);
}

/**
 * Reads the key from a file that only its owner may read (mode 0600 or stricter): a key readable by others
 * protects nothing. The file holds the key as hex/base64 text or as 32 raw bytes. It goes through the
 * core's safe reader, so a FIFO, a device or a huge file given as the key file is refused, not waited on.
 */
export async function readSecretKeyFile(path: string): Promise<Buffer> {
  let content: Buffer;
  try {
    content = await readFileSafely(path, {
      maxBytes: READ_CAPS.secretKey,
      followSymlink: true,
      ownerOnly: true,
    });
  } catch (error) {
    const problem = error instanceof SafeReadError ? error.message : 'it cannot be read';
    throw new Error(`Secret key file ${path}: ${problem}`);
  }
  if (content.length === SECRET_KEY_BYTES) return content;
  return parseSecretKey(content.toString('utf8'), `Secret key file ${path}`);
}

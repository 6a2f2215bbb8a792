import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@shared/rpc/errors';
import { READ_CAPS, readTextSafely, SafeReadError } from '../fs/safe-read';
import { normalizeRegistryHost } from './image-reference';

/** One `auths` entry of a docker config.json, decoded. */
export interface DockerConfigEntry {
  host: string;
  username: string | null;
  password: string | null;
  problem: string | null;
}

export function defaultDockerConfigPath(): string {
  return join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
}

/**
 * Reads `auths` from a docker config.json: `auth` is base64 of `user:password`; `username`/`password`
 * fields and `identitytoken` are read too. Entries kept in a credential helper cannot be read here and
 * are reported with a reason instead.
 */
export async function readDockerConfig(path: string): Promise<DockerConfigEntry[]> {
  let text: string;
  try {
    // A symlinked config.json (dotfiles) is normal; the reader still refuses devices, FIFOs and huge files.
    text = await readTextSafely(path, { maxBytes: READ_CAPS.dockerConfig, followSymlink: true });
  } catch (error) {
    const problem = error instanceof SafeReadError ? error.problem : 'unreadable';
    const message = error instanceof SafeReadError ? error.message : 'it cannot be read';
    throw new AppError(
      problem === 'missing' ? 'NOT_FOUND' : 'UNAVAILABLE',
      `Cannot read ${path}: ${message}`,
    );
  }
  let config: { auths?: unknown; credsStore?: unknown; credHelpers?: unknown };
  try {
    config = JSON.parse(text) as typeof config;
  } catch {
    throw new AppError('VALIDATION', `${path} is not valid JSON`);
  }
  if (config === null || typeof config !== 'object')
    throw new AppError('VALIDATION', `${path} is not a JSON object`);
  const helper = typeof config.credsStore === 'string' ? config.credsStore : null;
  const helpers = isRecord(config.credHelpers) ? config.credHelpers : {};
  const auths = isRecord(config.auths) ? config.auths : {};
  const entries = new Map<string, DockerConfigEntry>();
  for (const [key, value] of Object.entries(auths)) {
    const entry = decodeEntry(key, value, helper);
    if (entry) entries.set(entry.host, entry);
  }
  for (const [key, name] of Object.entries(helpers)) {
    const host = safeHost(key);
    if (host && !entries.has(host)) {
      entries.set(host, {
        host,
        username: null,
        password: null,
        problem: `Kept by credential helper "${String(name)}"`,
      });
    }
  }
  return [...entries.values()];
}

function decodeEntry(key: string, value: unknown, helper: string | null): DockerConfigEntry | null {
  const host = safeHost(key);
  if (!host) return null;
  const record = isRecord(value) ? value : {};
  if (typeof record.auth === 'string' && record.auth !== '') {
    const decoded = Buffer.from(record.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
      return { host, username: null, password: null, problem: 'The auth field cannot be decoded' };
    return { host, username: decoded.slice(0, colon), password: decoded.slice(colon + 1), problem: null };
  }
  if (typeof record.identitytoken === 'string' && record.identitytoken !== '') {
    const username = typeof record.username === 'string' ? record.username : '<token>';
    return { host, username, password: record.identitytoken, problem: null };
  }
  if (typeof record.username === 'string' && typeof record.password === 'string') {
    return { host, username: record.username, password: record.password, problem: null };
  }
  const problem = helper ? `Kept by credential helper "${helper}"` : 'No credentials in this entry';
  return { host, username: null, password: null, problem };
}

function safeHost(key: string): string | null {
  try {
    return normalizeRegistryHost(key);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { LISTEN_PATTERN } from '@shared/schemas/webhooks';

export const DEFAULT_PORT = 7483;

export interface CompanionOptions {
  dataDir: string;
  /** 0 lets the system pick a free port (tests). */
  port: number;
  /** A file holding the key of the encrypted secret file (mode 0600), if given. */
  secretKeyFile: string | null;
  /** The built renderer to serve; null = the default out/renderer next to the sources. */
  rendererDir: string | null;
  /** Replace the access token kept in the data folder with a new one (open tabs must then be given it). */
  newToken: boolean;
  /** `--webhooks <addr:port>`: run the webhook listener there (its own port; may face other hosts). */
  webhooks: string | null;
  /**
   * `--local-engine <socket>`: manage the Docker engine of this machine through that socket, with no SSH (a
   * local host, created on the first start under the machine's name and connected).
   */
  localEngine: string | null;
  help: boolean;
}

export const USAGE = `Usage: tidewatch-companion [options]

Runs the Tidewatch core without a window: the web UI and its WebSocket API on 127.0.0.1.

Options:
  --data-dir <dir>          data folder (env TIDEWATCH_DATA_DIR; default $XDG_DATA_HOME/tidewatch-companion)
  --port <n>                port on 127.0.0.1 (env TIDEWATCH_PORT; default ${DEFAULT_PORT}; 0 = any free port)
  --secret-key-file <file>  key file (mode 0600) for the encrypted secret store (env TIDEWATCH_SECRET_KEY_FILE;
                            or put the key itself in TIDEWATCH_SECRET_KEY)
  --renderer-dir <dir>      built renderer to serve (default out/renderer)
  --webhooks <addr:port>    run the webhook listener (DIUN, CI hook, GitHub/Gitea/GitLab/Docker Hub) on this
                            address, e.g. 0.0.0.0:8090 (env TIDEWATCH_WEBHOOKS; default: as set in Settings)
  --local-engine <socket>   manage this machine's own Docker engine through its socket, without SSH, e.g.
                            /var/run/docker.sock (env TIDEWATCH_LOCAL_ENGINE; added once as a host named
                            after the machine, then kept like any other host)
  --new-token               replace the access token (kept across restarts in <data dir>/companion-token)
  -h, --help                show this help
`;

/** A command line that cannot be understood: the message says what is wrong, the caller prints usage. */
export class OptionsError extends Error {
  override name = 'OptionsError';
}

const VALUE_FLAGS = [
  '--data-dir',
  '--port',
  '--secret-key-file',
  '--renderer-dir',
  '--webhooks',
  '--local-engine',
] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

/**
 * Reads the companion's options from its arguments and environment (arguments win). Pure: the home
 * folder and the environment are passed in, so tests need no process state.
 */
export function parseCompanionOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  home: string = homedir(),
  cwd: string = process.cwd(),
): CompanionOptions {
  const values = new Map<ValueFlag, string>();
  let help = false;
  let newToken = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg === '--new-token') {
      newToken = true;
      continue;
    }
    const [flag, inline] = splitFlag(arg);
    if (!isValueFlag(flag)) throw new OptionsError(`Unknown option: ${arg.slice(0, 100)}`);
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') throw new OptionsError(`${flag} needs a value`);
    values.set(flag, value);
  }

  const dataDir = values.get('--data-dir') ?? nonEmpty(env.TIDEWATCH_DATA_DIR) ?? defaultDataDir(env, home);
  const portText = values.get('--port') ?? nonEmpty(env.TIDEWATCH_PORT) ?? String(DEFAULT_PORT);
  const secretKeyFile = values.get('--secret-key-file') ?? nonEmpty(env.TIDEWATCH_SECRET_KEY_FILE) ?? null;
  const rendererDir = values.get('--renderer-dir') ?? null;
  const webhooks = values.get('--webhooks') ?? nonEmpty(env.TIDEWATCH_WEBHOOKS) ?? null;
  const localEngine = values.get('--local-engine') ?? nonEmpty(env.TIDEWATCH_LOCAL_ENGINE) ?? null;
  if (localEngine !== null && !isAbsolute(localEngine)) {
    throw new OptionsError(
      `--local-engine expects the absolute path of the Docker socket, got ${JSON.stringify(localEngine.slice(0, 100))}`,
    );
  }
  return {
    dataDir: resolve(cwd, dataDir),
    port: parsePort(portText),
    secretKeyFile: secretKeyFile === null ? null : resolve(cwd, secretKeyFile),
    rendererDir: rendererDir === null ? null : resolve(cwd, rendererDir),
    newToken,
    webhooks: webhooks === null ? null : parseListen(webhooks),
    localEngine,
    help,
  };
}

/** `host:port`, `[v6]:port` or `:port`; port 0 picks a free one (tests). */
export function parseListen(text: string): string {
  const match = LISTEN_PATTERN.exec(text);
  if (!match)
    throw new OptionsError(
      `--webhooks expects host:port (e.g. 0.0.0.0:8090), got ${JSON.stringify(text.slice(0, 60))}`,
    );
  parsePort(match[2] ?? '');
  return text;
}

/** `$XDG_DATA_HOME/tidewatch-companion`, or `~/.local/share/tidewatch-companion` (XDG says to ignore a relative value). */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const xdg = nonEmpty(env.XDG_DATA_HOME);
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.local', 'share');
  return join(base, 'tidewatch-companion');
}

/**
 * Where the companion keeps the key it generates when none is given: `$XDG_CONFIG_HOME/tidewatch-companion/
 * secret.key` or `~/.config/tidewatch-companion/secret.key`, apart from the data folder, so a copy of the
 * data folder (a backup) does not carry the key that opens its secrets.
 */
export function defaultSecretKeyFile(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.config');
  return join(base, 'tidewatch-companion', 'secret.key');
}

export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text))
    throw new OptionsError(`Port must be a number from 0 to 65535, got ${JSON.stringify(text.slice(0, 20))}`);
  const port = Number(text);
  if (port > 65535) throw new OptionsError(`Port must be a number from 0 to 65535, got ${port}`);
  return port;
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return arg.startsWith('--') && equals > 0
    ? [arg.slice(0, equals), arg.slice(equals + 1)]
    : [arg, undefined];
}

function isValueFlag(flag: string): flag is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(flag);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

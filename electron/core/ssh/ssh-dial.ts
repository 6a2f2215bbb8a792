/**
 * One SSH connection attempt: socket (own TCP socket with TCP_NODELAY, or a stream through a jump host),
 * host-key check, authentication. It resolves, never rejects: the result says connected or why not, in a
 * form the connection manager and testConnection can show as is.
 */
import { Socket } from 'node:net';
import { homedir } from 'node:os';
import type { Duplex } from 'node:stream';
import ssh2, { Client, type ConnectConfig } from 'ssh2';
import { READ_CAPS, readFileSafely, SafeReadError } from '../fs/safe-read';
import { agentProblem } from './agent-check';
import { classifyConnectError, type ConnectFailure } from './connect-errors';
import { judgeHostKey, type HostKeyVerdict, type PinnedKey, type PresentedHostKey } from './host-key';

// ssh2 is CommonJS: Node's ESM loader (tsx, the Electron main bundle) does not see `utils` as a named export.
const { utils } = ssh2;

/** Auth with its secrets already read from the secret store (kept in memory only for the attempt). */
export type ResolvedAuth =
  | { kind: 'key'; keyPath: string; passphrase: string | null }
  | { kind: 'password'; password: string | null }
  | { kind: 'agent'; agentSocket: string | null };

export interface DialTarget {
  /** For sentences: the host's name. */
  name: string;
  address: string;
  port: number;
  user: string;
  auth: ResolvedAuth;
  pinnedKey: PinnedKey | null;
  /** Continue past an unpinned key when it has exactly this fingerprint (testConnection). */
  acceptFingerprint?: string;
}

export interface DialOptions {
  /** A ready stream to the target's sshd (a jump host's forwardOut); a TCP socket is opened when absent. */
  sock?: Duplex;
  jumpName?: string;
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** For `~/` in key paths; defaults to the OS user's home. */
  homeDir?: string;
  /** Stop after the key exchange: reports the presented key and never authenticates (key scan). */
  scanOnly?: boolean;
}

export type DialResult =
  | { ok: true; client: Client; hostKey: PresentedHostKey }
  | { ok: false; failure: ConnectFailure; hostKey: PresentedHostKey | null; expectedFingerprint?: string };

export async function dialSsh(target: DialTarget, options: DialOptions): Promise<DialResult> {
  const endpoint = `${target.user}@${target.address}:${target.port}`;
  const context = {
    endpoint,
    authKind: target.auth.kind,
    readyTimeoutMs: options.readyTimeoutMs,
    jumpName: options.jumpName,
  };
  const auth = options.scanOnly
    ? ({} as Partial<ConnectConfig>)
    : await authConfig(target, options.homeDir ?? homedir());
  if ('failure' in auth) {
    options.sock?.destroy();
    return { ok: false, failure: auth.failure as ConnectFailure, hostKey: null };
  }

  return new Promise<DialResult>((resolve) => {
    const client = new Client();
    let verdict: HostKeyVerdict | null = null;
    let settled = false;
    const settle = (result: DialResult) => {
      if (settled) return;
      settled = true;
      if (!result.ok) client.end();
      resolve(result);
    };

    client.once('ready', () => {
      if (!verdict || verdict.outcome !== 'trusted') {
        // Cannot happen (ssh2 only gets ready after the verifier said yes); refuse rather than trust blindly.
        settle({
          ok: false,
          failure: { state: 'host-key-unknown', reason: 'Host key not verified', retryable: false },
          hostKey: null,
        });
        return;
      }
      settle({ ok: true, client, hostKey: verdict.key });
    });
    client.on('error', (error) => settle(failureResult(verdict, error, context, target, options)));
    client.once('close', () =>
      settle(failureResult(verdict, new Error('Connection lost before handshake'), context, target, options)),
    );

    const config: ConnectConfig = {
      host: target.address,
      port: target.port,
      username: target.user,
      sock: options.sock ?? openTcpSocket(target.address, target.port),
      readyTimeout: options.readyTimeoutMs,
      keepaliveInterval: options.keepaliveIntervalMs,
      keepaliveCountMax: options.keepaliveCountMax,
      // Always verify: the verdict also carries the fingerprint the UI shows.
      hostVerifier: (key: Buffer) => {
        verdict = judgeHostKey(key, target.pinnedKey, target.acceptFingerprint);
        return !options.scanOnly && verdict.outcome === 'trusted';
      },
      ...auth,
    };
    try {
      client.connect(config);
    } catch (error) {
      settle(failureResult(verdict, error, context, target, options));
    }
  });
}

/** Our own socket so TCP_NODELAY is set before the first byte: small Docker API calls must not wait for Nagle. */
function openTcpSocket(address: string, port: number): Socket {
  const socket = new Socket();
  socket.setNoDelay(true);
  socket.connect({ host: address, port });
  return socket;
}

function failureResult(
  verdict: HostKeyVerdict | null,
  error: unknown,
  context: Parameters<typeof classifyConnectError>[1],
  target: DialTarget,
  options: DialOptions,
): DialResult {
  if (verdict && options.scanOnly) {
    return {
      ok: false,
      failure: { state: 'host-key-unknown', reason: 'Key scanned', retryable: false },
      hostKey: verdict.key,
    };
  }
  if (verdict?.outcome === 'unknown') {
    const reason =
      `${target.name} presents a host key that is not trusted yet (${verdict.key.algorithm} ${verdict.key.fingerprint}). ` +
      "Compare it with the server's key and trust it to connect.";
    return {
      ok: false,
      failure: { state: 'host-key-unknown', reason, retryable: false },
      hostKey: verdict.key,
    };
  }
  if (verdict?.outcome === 'mismatch') {
    const reason =
      `${target.name} presents a different host key than the one pinned: expected ${verdict.expected}, ` +
      `got ${verdict.key.fingerprint}. The connection was refused; this can mean the server was reinstalled ` +
      'or that someone is intercepting the connection. Trust the new key only if you know why it changed.';
    return {
      ok: false,
      failure: { state: 'host-key-mismatch', reason, retryable: false },
      hostKey: verdict.key,
      expectedFingerprint: verdict.expected,
    };
  }
  return { ok: false, failure: classifyConnectError(error, context), hostKey: verdict?.key ?? null };
}

type AuthConfig = Partial<ConnectConfig> | { failure: ConnectFailure };

/** The ssh2 options for one auth method; a key that cannot be read or decrypted fails here, clearly. */
async function authConfig(target: DialTarget, home: string): Promise<AuthConfig> {
  const { auth } = target;
  const fail = (reason: string): AuthConfig => ({
    failure: { state: 'auth-failed', reason, retryable: false },
  });
  if (auth.kind === 'password') {
    if (!auth.password) return fail(`No password is stored for ${target.name}: edit the host and enter it`);
    return { password: auth.password, tryKeyboard: false };
  }
  if (auth.kind === 'agent') {
    if (!auth.agentSocket) return fail('No SSH agent is available (SSH_AUTH_SOCK is not set for Tidewatch)');
    const problem = await agentProblem(auth.agentSocket);
    return problem ? fail(problem) : { agent: auth.agentSocket };
  }
  const path = expandHome(auth.keyPath, home);
  const keyFail = (reason: string): AuthConfig => ({
    failure: { state: 'auth-failed', reason, retryable: false, field: 'keyPath' },
  });
  let keyData: Buffer;
  try {
    keyData = await readFileSafely(path, { maxBytes: READ_CAPS.privateKey });
  } catch (error) {
    const problem = error instanceof SafeReadError ? error.message : 'the file cannot be read';
    return keyFail(`The key file ${path} cannot be used: ${problem}`);
  }
  const parsed = utils.parseKey(keyData, auth.passphrase ?? undefined);
  if (parsed instanceof Error) {
    if (/no passphrase given/i.test(parsed.message)) {
      return keyFail(`The key file ${path} is encrypted: store its passphrase with the host`);
    }
    if (/passphrase|decrypt|integrity/i.test(parsed.message)) {
      return {
        failure: {
          state: 'auth-failed',
          reason: `The passphrase stored for the key file ${path} is wrong`,
          retryable: false,
          field: 'passphrase',
        },
      };
    }
    // The parser's own message is not shown: it is about the file's content, which is never echoed.
    return keyFail(`The key file ${path} is not an OpenSSH or PEM private key`);
  }
  return { privateKey: keyData, passphrase: auth.passphrase ?? undefined };
}

export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? `${home}/${path.slice(2)}` : path;
}

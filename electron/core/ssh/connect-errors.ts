/** Why an SSH attempt failed, as a state name the host status shows unchanged. */
export type SshFailureState = 'unreachable' | 'auth-failed' | 'host-key-unknown' | 'host-key-mismatch';

/** A failed attempt as the user sees it: a state and one sentence, never a secret. */
export interface ConnectFailure {
  state: SshFailureState;
  reason: string;
  /** Worth retrying by itself (the network or the server may come back); auth and host-key problems are not. */
  retryable: boolean;
  /** The host form field the failure is about, so the form can mark it (a key file that cannot be used). */
  field?: 'keyPath' | 'passphrase';
}

export interface FailureContext {
  /** `user@address:port`, used in the sentence. */
  endpoint: string;
  authKind: 'key' | 'password' | 'agent';
  readyTimeoutMs: number;
  /** Set when the target is reached through a jump host. */
  jumpName?: string;
}

interface SshLikeError {
  message?: string;
  code?: string;
  level?: string;
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (is sshd running on that port?)',
  EHOSTUNREACH: 'there is no route to the host (it is down or the address is wrong)',
  ENETUNREACH: 'the network is unreachable from this machine',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the server reset the connection',
  EPIPE: 'the connection broke',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
};

/** Maps what ssh2 or the socket reported to a state and a sentence for the user. */
export function classifyConnectError(error: unknown, context: FailureContext): ConnectFailure {
  const err = (error ?? {}) as SshLikeError;
  const message = typeof err.message === 'string' ? err.message : String(error);
  const target = context.jumpName ? `${context.endpoint} (via ${context.jumpName})` : context.endpoint;

  if (err.level === 'client-authentication') {
    return {
      state: 'auth-failed',
      reason: `${target} refused the ${authLabel(context.authKind)}: ${authHint(context.authKind)}`,
      retryable: false,
    };
  }
  if (err.level === 'client-timeout' || /timed out while waiting for handshake/i.test(message)) {
    const seconds = Math.round(context.readyTimeoutMs / 1000);
    return unreachable(`No SSH answer from ${target} within ${seconds} s`);
  }
  if (err.code && UNREACHABLE_CODES[err.code])
    return unreachable(`Cannot reach ${target}: ${UNREACHABLE_CODES[err.code]}`);
  if (/channel open failure/i.test(message) && context.jumpName) {
    return unreachable(
      `The jump host ${context.jumpName} could not open a connection to ${context.endpoint}`,
    );
  }
  if (/connection lost before handshake/i.test(message)) {
    return unreachable(`${target} closed the connection before the SSH handshake finished`);
  }
  if (/handshake failed|no matching/i.test(message)) {
    return {
      state: 'unreachable',
      reason: `SSH negotiation with ${target} failed: ${message}`,
      retryable: false,
    };
  }
  return unreachable(`Cannot connect to ${target}: ${message}`);
}

function unreachable(reason: string): ConnectFailure {
  return { state: 'unreachable', reason, retryable: true };
}

function authLabel(kind: FailureContext['authKind']): string {
  if (kind === 'key') return 'key';
  if (kind === 'password') return 'password';
  return 'keys offered by the SSH agent';
}

function authHint(kind: FailureContext['authKind']): string {
  if (kind === 'key') return "check that the public key is in the user's authorized_keys";
  if (kind === 'password')
    return 'check the user name and password (and that the server allows password login)';
  return 'check that the agent holds a key authorized for this user';
}

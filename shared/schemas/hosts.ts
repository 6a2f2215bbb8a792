/**
 * Hosts reached over SSH: the saved host, its auth, its pinned host key, its connection state, and the
 * candidates found in ~/.ssh/config. Secrets (password, key passphrase) appear ONLY in inputs: the core
 * moves them to the secret store at once, and outputs carry `hasPassword` / `hasPassphrase` instead.
 */
import { z } from 'zod';
import { hostIdSchema } from './ids';
import { event, method, noInput, removedResult } from '../rpc/define';

export const DEFAULT_SSH_PORT = 22;
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
/** The reason of a `connected` host that has no Docker engine (`dockerEnabled: false`). */
export const SSH_ONLY_REASON = 'SSH only: no Docker engine on this host';

/** What a Docker call for an SSH-only host answers (AppError UNAVAILABLE). */
export function noDockerEngineMessage(hostName: string): string {
  return `${hostName} has no Docker engine (SSH only)`;
}

/** What an SSH use of a local host answers (AppError VALIDATION or UNAVAILABLE). */
export function noSshMessage(hostName: string): string {
  return `${hostName} is this machine's own Docker engine, reached through its socket: it has no SSH connection`;
}

/**
 * Connection states, each shown with a human reason:
 * - connecting: an attempt is running (first connect or a reconnect).
 * - connected: SSH is up and the Docker engine answered (or, for a host with `dockerEnabled: false`, SSH is up).
 * - unreachable: no TCP/SSH connection (refused, timeout, no route); retried with back-off.
 * - auth-failed: the server refused the credentials, or the key could not be read/decrypted; not retried.
 * - host-key-unknown: no key pinned yet; `fingerprint` is what the server presented. Call hosts.trustHostKey.
 * - host-key-mismatch: the server's key differs from the pinned one; refused. Both fingerprints are given.
 * - docker-unavailable: SSH is up but the Docker socket cannot be reached (wrong path, daemon down, denied).
 * - disconnected: not connected and not trying (never connected, or hosts.disconnect).
 */
export const HOST_STATES = [
  'connecting',
  'connected',
  'unreachable',
  'auth-failed',
  'host-key-unknown',
  'host-key-mismatch',
  'docker-unavailable',
  'disconnected',
] as const;
export const hostStateNameSchema = z.enum(HOST_STATES);

/**
 * How the Docker API travels: over SSH by streamlocal forwarding, or `docker system dial-stdio` when that is
 * refused; or, for a local host, straight to the engine's unix socket on the machine the core runs on.
 */
export const dockerTransportSchema = z.enum(['streamlocal', 'dial-stdio', 'unix-socket']);

/**
 * How a host is reached: `ssh` (the usual remote host), or `local`, the Docker engine of the machine the core
 * runs on, through its unix socket with no SSH at all (a companion on a server managing that server's own
 * engine). A local host has no address, login, host key or jump host; its SSH fields are placeholders.
 */
export const HOST_KINDS = ['ssh', 'local'] as const;
export const hostKindSchema = z.enum(HOST_KINDS);
/** The address a local host shows (and its workloads' URLs use): the machine itself. */
export const LOCAL_HOST_ADDRESS = 'localhost';

/** OpenSSH's fingerprint form: `SHA256:` + unpadded base64 of the SHA-256 of the key blob. */
export const fingerprintSchema = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'Expected an OpenSSH SHA256 fingerprint');

const hostNameSchema = z.string().trim().min(1).max(100);
/** A DNS name, an IPv4 address or an IPv6 address without brackets. */
const addressSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._:%-]+$/, 'Expected a host name or IP address');
const portSchema = z.int().min(1).max(65535);
const userSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\s@:/]+$/, 'Expected a user name without spaces, @, : or /');
/** Absolute, or `~/…` (expanded to the local user's home when used). */
const keyPathSchema = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .regex(/^(\/|~\/)[^\0]*$/, 'Expected an absolute path or one starting with ~/');
const socketPathSchema = z
  .string()
  .trim()
  .min(2)
  .max(1024)
  .regex(/^\/[^\0\n]*$/, 'Expected an absolute path on the remote host');
const groupSchema = z.string().trim().min(1).max(100).nullable();
/** A Mantine palette name (`blue`, `teal`, …) or a `#rrggbb` colour. */
const colorSchema = z
  .string()
  .regex(/^(#[0-9a-fA-F]{6}|[a-z]{3,12})$/, 'Expected a palette name or #rrggbb')
  .nullable();
const secretValueSchema = z.string().min(1).max(4096);

/** Auth as given by the user. Secrets are write-only: omit them in an update to keep the stored value. */
export const hostAuthInputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('key'),
      keyPath: keyPathSchema,
      /** A string stores it; null removes a stored one; omitted keeps what is stored. */
      passphrase: secretValueSchema.nullable().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('password'),
      /** Required when creating (or switching to password auth); omitted on update keeps the stored one. */
      password: secretValueSchema.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('agent') }).strict(),
]);

/** Auth as the core reports it: never the secret, only whether one is stored. */
export const hostAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), keyPath: z.string(), hasPassphrase: z.boolean() }),
  z.object({ kind: z.literal('password'), hasPassword: z.boolean() }),
  z.object({ kind: z.literal('agent') }),
]);

export const pinnedHostKeySchema = z.object({
  /** e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `rsa-sha2-512`. */
  algorithm: z.string(),
  fingerprint: fingerprintSchema,
  pinnedAt: z.iso.datetime(),
});

export const hostSchema = z.object({
  id: hostIdSchema,
  kind: hostKindSchema,
  name: z.string(),
  address: z.string(),
  port: portSchema,
  user: z.string(),
  auth: hostAuthSchema,
  /** Another saved host this one is reached through (ProxyJump); null for a direct connection. */
  jumpHostId: hostIdSchema.nullable(),
  dockerSocket: z.string(),
  /** False for an SSH-only host (a jump host without a Docker engine): no Docker probe, no containers. */
  dockerEnabled: z.boolean(),
  group: z.string().nullable(),
  color: z.string().nullable(),
  /** The pinned server key; null until the user trusted one (hosts.trustHostKey). */
  hostKey: pinnedHostKeySchema.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const hostFieldsInput = {
  name: hostNameSchema,
  address: addressSchema,
  port: portSchema,
  user: userSchema,
  auth: hostAuthInputSchema,
  jumpHostId: hostIdSchema.nullable(),
  dockerSocket: socketPathSchema,
  dockerEnabled: z.boolean(),
  group: groupSchema,
  color: colorSchema,
};

export const hostCreateInputSchema = z
  .object({
    ...hostFieldsInput,
    port: portSchema.default(DEFAULT_SSH_PORT),
    jumpHostId: hostIdSchema.nullable().default(null),
    dockerSocket: socketPathSchema.default(DEFAULT_DOCKER_SOCKET),
    dockerEnabled: z.boolean().default(true),
    group: groupSchema.default(null),
    color: colorSchema.default(null),
  })
  .strict();

/** A local host: this machine's own Docker engine through its socket (see HOST_KINDS). */
export const localHostCreateInputSchema = z
  .object({
    name: hostNameSchema,
    dockerSocket: socketPathSchema.default(DEFAULT_DOCKER_SOCKET),
    group: groupSchema.default(null),
    color: colorSchema.default(null),
  })
  .strict();

/**
 * Names only the fields it changes; changing address, port, user, auth, jump host, socket or dockerEnabled
 * reconnects.
 */
export const hostUpdateInputSchema = z
  .object({
    hostId: hostIdSchema,
    name: hostNameSchema.optional(),
    address: addressSchema.optional(),
    port: portSchema.optional(),
    user: userSchema.optional(),
    auth: hostAuthInputSchema.optional(),
    jumpHostId: hostIdSchema.nullable().optional(),
    dockerSocket: socketPathSchema.optional(),
    dockerEnabled: z.boolean().optional(),
    group: groupSchema.optional(),
    color: colorSchema.optional(),
  })
  .strict();

export const hostRefInputSchema = z.object({ hostId: hostIdSchema }).strict();

/** A host's connection state (also the payload of the `hosts.state` event). */
export const hostStatusSchema = z.object({
  hostId: hostIdSchema,
  state: hostStateNameSchema,
  /** Why, in words for the user; never contains a secret. */
  reason: z.string(),
  /** The key the server presented (host-key-unknown / host-key-mismatch, and when connected). */
  fingerprint: fingerprintSchema.optional(),
  /** The pinned key the server should have presented (host-key-mismatch). */
  expectedFingerprint: fingerprintSchema.optional(),
  /** How Docker is reached once connected. */
  dockerTransport: dockerTransportSchema.optional(),
  /** When the next automatic attempt runs (unreachable, docker-unavailable), ISO time. */
  nextRetryAt: z.iso.datetime().optional(),
  at: z.iso.datetime(),
});

export const testConnectionInputSchema = z.union([
  z
    .object({
      /** Test a saved host with its stored secrets and pinned key (a separate one-off connection). */
      hostId: hostIdSchema,
      acceptFingerprint: fingerprintSchema.optional(),
    })
    .strict(),
  z
    .object({
      /** Test a host that is not saved yet (the add-host form); secrets are used once and not stored. */
      host: hostCreateInputSchema,
      /**
       * Continue past the host-key check when the server presents exactly this key, to test auth and Docker
       * before saving. Nothing is pinned: after saving, call hosts.trustHostKey with the same fingerprint.
       */
      acceptFingerprint: fingerprintSchema.optional(),
    })
    .strict(),
  z
    .object({
      /** Test this machine's engine at a socket before saving it as a local host. */
      local: localHostCreateInputSchema,
    })
    .strict(),
]);

export const testConnectionResultSchema = z.object({
  state: hostStateNameSchema,
  reason: z.string(),
  /** The server's key as presented (null when no SSH handshake happened). */
  fingerprint: fingerprintSchema.nullable(),
  algorithm: z.string().nullable(),
  /** Filled when SSH and Docker both answered. */
  docker: z
    .object({
      serverVersion: z.string(),
      apiVersion: z.string(),
      transport: dockerTransportSchema,
      /**
       * Where Docker answered. When the given path had no engine, Tidewatch looks on the host (DOCKER_HOST,
       * rootless and the usual rootful paths) and names the socket it found here; the host is not changed.
       */
      socketPath: z.string(),
    })
    .nullable(),
  durationMs: z.number().nonnegative(),
  /** The form field the failure is about (a missing or unusable key file), so the form can mark it. */
  field: z.enum(['keyPath', 'passphrase']).nullable(),
});

export const trustHostKeyInputSchema = z
  .object({
    hostId: hostIdSchema,
    /** Exactly the fingerprint the user saw; refused (CONFLICT) if the server now presents another key. */
    fingerprint: fingerprintSchema,
  })
  .strict();

/**
 * No input: the import reads only ~/.ssh/config (and what it Includes) and ~/.ssh/known_hosts of the user
 * running Tidewatch. A path is deliberately not accepted: a call that reads any path it is given and echoes
 * parts of it would hand every local secret to whoever can call the contract.
 */
export const importSshConfigInputSchema = z.object({}).strict().optional();

/** A host found in ~/.ssh/config or known_hosts, for the user to pick; nothing is saved by the import. */
export const sshConfigCandidateSchema = z.object({
  /** The `Host` alias (config) or the host name (known_hosts); a good default for the host's name. */
  alias: z.string(),
  address: z.string(),
  port: portSchema,
  user: z.string().nullable(),
  /** The first IdentityFile, `~` expanded; null when none is configured. */
  keyPath: z.string().nullable(),
  /** The ProxyJump value as written (usually another alias in the same list); null when direct. */
  proxyJump: z.string().nullable(),
  source: z.enum(['ssh-config', 'known-hosts']),
  /** A saved host with the same address, port (and user, when known); null when new. */
  existingHostId: hostIdSchema.nullable(),
});

export const importSshConfigResultSchema = z.object({
  candidates: z.array(sshConfigCandidateSchema),
  /** Things that could not become candidates, so the UI can say why a host is missing. */
  skipped: z.object({
    /** `Host` lines with wildcards or negations (*, ?, !). */
    patterns: z.number().int().nonnegative(),
    /** Hashed known_hosts entries (HashKnownHosts yes) cannot be read back. */
    hashedKnownHosts: z.number().int().nonnegative(),
    /** Entries whose name is not a valid host name or address. */
    invalid: z.number().int().nonnegative(),
  }),
  /**
   * The name of the user running Tidewatch: OpenSSH logs in as this user when the config names none, so an
   * import uses it for candidates without a `User` (null when the system does not say).
   */
  localUser: z.string().nullable(),
  /** Set when a file could not be read (other than not existing). */
  warnings: z.array(z.string()),
});

export const hostsChangedEventSchema = z.object({
  hostId: hostIdSchema,
  change: z.enum(['created', 'updated', 'removed', 'host-key-pinned']),
});

export type HostStateName = z.infer<typeof hostStateNameSchema>;
export type DockerTransport = z.infer<typeof dockerTransportSchema>;
export type HostAuthInput = z.infer<typeof hostAuthInputSchema>;
export type HostAuth = z.infer<typeof hostAuthSchema>;
export type PinnedHostKey = z.infer<typeof pinnedHostKeySchema>;
export type Host = z.infer<typeof hostSchema>;
export type HostCreateInput = z.infer<typeof hostCreateInputSchema>;
export type HostKind = z.infer<typeof hostKindSchema>;
export type LocalHostCreateInput = z.infer<typeof localHostCreateInputSchema>;
export type HostUpdateInput = z.infer<typeof hostUpdateInputSchema>;
export type HostStatus = z.infer<typeof hostStatusSchema>;
export type TestConnectionInput = z.infer<typeof testConnectionInputSchema>;
export type TestConnectionResult = z.infer<typeof testConnectionResultSchema>;
export type SshConfigCandidate = z.infer<typeof sshConfigCandidateSchema>;
export type ImportSshConfigResult = z.infer<typeof importSshConfigResultSchema>;
export type HostsChangedEvent = z.infer<typeof hostsChangedEventSchema>;

/**
 * `hosts.*` calls. Errors: NOT_FOUND (unknown id), CONFLICT (duplicate name, removing a jump host in use,
 * trustHostKey when the server now presents another key), VALIDATION (bad field, missing password, jump host
 * loop), SECRET_BACKEND (the keychain / secrets file cannot be used), UNAVAILABLE (trustHostKey cannot reach
 * the server). connect/testConnection do not throw for connection problems: they answer the state and reason.
 */
export const hostsMethods = {
  'hosts.list': method(noInput, z.array(hostSchema)),
  'hosts.get': method(hostRefInputSchema, hostSchema),
  'hosts.create': method(hostCreateInputSchema, hostSchema),
  /**
   * Adds the engine of the machine the core runs on (no SSH). VALIDATION later when an update names an SSH
   * field of a local host, or a host names a local one as its jump host.
   */
  'hosts.createLocal': method(localHostCreateInputSchema, hostSchema),
  'hosts.update': method(hostUpdateInputSchema, hostSchema),
  /** Also closes its connection and deletes its secrets. */
  'hosts.remove': method(hostRefInputSchema, removedResult(hostIdSchema)),
  'hosts.testConnection': method(testConnectionInputSchema, testConnectionResultSchema),
  /** Pins the key the server presents now, only if it is exactly `fingerprint`; then reconnects if wanted. */
  'hosts.trustHostKey': method(trustHostKeyInputSchema, hostSchema),
  /** Connects (keeps reconnecting after losses) and answers the state the attempt ended in. */
  'hosts.connect': method(hostRefInputSchema, hostStatusSchema),
  'hosts.disconnect': method(hostRefInputSchema, hostStatusSchema),
  /** The state of every saved host (disconnected when never connected). */
  'hosts.status': method(noInput, z.array(hostStatusSchema)),
  /** One host's connection state (NOT_FOUND for an unknown id). */
  'hosts.getStatus': method(hostRefInputSchema, hostStatusSchema),
  'hosts.importSshConfig': method(importSshConfigInputSchema, importSshConfigResultSchema),
};

export const hostsEvents = {
  /** Every state change of a host's connection. */
  'hosts.state': event(hostStatusSchema),
  /** A host was created, updated, removed or had its key pinned: refetch it (or the list). */
  'hosts.changed': event(hostsChangedEventSchema),
};

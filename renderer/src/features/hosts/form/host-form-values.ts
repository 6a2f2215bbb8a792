import {
  DEFAULT_DOCKER_SOCKET,
  DEFAULT_SSH_PORT,
  type Host,
  type HostAuthInput,
  type HostCreateInput,
  type HostKind,
  type HostUpdateInput,
  type LocalHostCreateInput,
  type SshConfigCandidate,
} from '@shared/schemas/hosts';

export type AuthKind = HostAuthInput['kind'];

/** What the form edits: flat strings, so inputs stay controlled; converted to the contract on submit. */
export interface HostFormValues {
  /** Over SSH, or this machine's own engine (no SSH fields); chosen when adding, fixed afterwards. */
  kind: HostKind;
  name: string;
  address: string;
  port: number | string;
  user: string;
  authKind: AuthKind;
  keyPath: string;
  passphrase: string;
  /** Edit only: remove the stored passphrase. */
  clearPassphrase: boolean;
  password: string;
  jumpHostId: string | null;
  dockerSocket: string;
  /** An SSH-only host (a jump host without a Docker engine): no socket, no Docker probe. */
  noDocker: boolean;
  group: string;
  color: string | null;
}

export const EMPTY_FORM: HostFormValues = {
  kind: 'ssh',
  name: '',
  address: '',
  port: DEFAULT_SSH_PORT,
  user: '',
  authKind: 'key',
  keyPath: '~/.ssh/id_ed25519',
  passphrase: '',
  clearPassphrase: false,
  password: '',
  jumpHostId: null,
  dockerSocket: DEFAULT_DOCKER_SOCKET,
  noDocker: false,
  group: '',
  color: null,
};

export function formFromHost(host: Host): HostFormValues {
  if (host.kind === 'local') {
    return {
      ...EMPTY_FORM,
      kind: 'local',
      name: host.name,
      dockerSocket: host.dockerSocket,
      group: host.group ?? '',
      color: host.color,
    };
  }
  return {
    ...EMPTY_FORM,
    name: host.name,
    address: host.address,
    port: host.port,
    user: host.user,
    authKind: host.auth.kind,
    keyPath: host.auth.kind === 'key' ? host.auth.keyPath : EMPTY_FORM.keyPath,
    jumpHostId: host.jumpHostId,
    dockerSocket: host.dockerSocket,
    noDocker: !host.dockerEnabled,
    group: host.group ?? '',
    color: host.color,
  };
}

/** A candidate from ~/.ssh/config prefills the form; its ProxyJump maps to a saved host of that name. */
export function formFromCandidate(candidate: SshConfigCandidate, hosts: readonly Host[]): HostFormValues {
  const jump = candidate.proxyJump
    ? hosts.find((host) => host.name === candidate.proxyJump || host.address === candidate.proxyJump)
    : undefined;
  return {
    ...EMPTY_FORM,
    name: candidate.alias,
    address: candidate.address,
    port: candidate.port,
    user: candidate.user ?? '',
    authKind: candidate.keyPath ? 'key' : 'agent',
    keyPath: candidate.keyPath ?? EMPTY_FORM.keyPath,
    jumpHostId: jump?.id ?? null,
  };
}

/**
 * The auth part of an input. Secrets are write-only: an empty field on edit means "keep the stored one",
 * so it is omitted rather than sent empty.
 */
function authInput(values: HostFormValues, editing: boolean): HostAuthInput {
  if (values.authKind === 'agent') return { kind: 'agent' };
  if (values.authKind === 'password') {
    return values.password ? { kind: 'password', password: values.password } : { kind: 'password' };
  }
  const auth: HostAuthInput = { kind: 'key', keyPath: values.keyPath.trim() };
  if (values.passphrase) auth.passphrase = values.passphrase;
  else if (editing && values.clearPassphrase) auth.passphrase = null;
  return auth;
}

export function toCreateInput(values: HostFormValues): HostCreateInput {
  return {
    name: values.name.trim(),
    address: values.address.trim(),
    port: Number(values.port),
    user: values.user.trim(),
    auth: authInput(values, false),
    jumpHostId: values.jumpHostId,
    // The socket of an SSH-only host is kept (unused) so unticking the box restores it.
    dockerSocket: dockerSocketInput(values),
    dockerEnabled: !values.noDocker,
    group: values.group.trim() || null,
    color: values.color,
  };
}

/** A local host has a name, a socket on this machine and its appearance; nothing of SSH. */
export function toLocalCreateInput(values: HostFormValues): LocalHostCreateInput {
  return {
    name: values.name.trim(),
    dockerSocket: values.dockerSocket.trim() || DEFAULT_DOCKER_SOCKET,
    group: values.group.trim() || null,
    color: values.color,
  };
}

export function toUpdateInput(id: string, values: HostFormValues): HostUpdateInput {
  if (values.kind === 'local') return { hostId: id, ...toLocalCreateInput(values) };
  const { name, address, port, user, jumpHostId, dockerSocket, dockerEnabled, group, color } =
    toCreateInput(values);
  return {
    hostId: id,
    name,
    address,
    port,
    user,
    auth: authInput(values, true),
    jumpHostId,
    dockerSocket,
    dockerEnabled,
    group,
    color,
  };
}

/** Checks the browser can do before a round trip; the core validates again and has the last word. */
export function validateForm(
  values: HostFormValues,
  editing: boolean,
  storedPassword: boolean,
): Partial<Record<keyof HostFormValues, string>> {
  const errors: Partial<Record<keyof HostFormValues, string>> = {};
  if (!values.name.trim()) errors.name = 'Give the host a name';
  if (values.kind === 'local') {
    if (values.dockerSocket.trim() && !values.dockerSocket.trim().startsWith('/')) {
      errors.dockerSocket = 'An absolute path on this machine';
    }
    return errors;
  }
  const address = values.address.trim();
  if (!address) errors.address = 'Enter a host name or IP address';
  else if (address.includes('@'))
    errors.address = 'Only the host here: put the part before @ in the User field';
  else if (/^[a-z]+:\/\//i.test(address))
    errors.address = 'Only the host name or IP, without ssh:// or a path';
  else if (!/^[A-Za-z0-9][A-Za-z0-9._:%-]*$/.test(address))
    errors.address = 'Expected a host name or IP address (letters, digits, dots, dashes, colons)';
  const port = Number(values.port);
  if (values.port === '' || !Number.isInteger(port) || port < 1 || port > 65535)
    errors.port = 'A port from 1 to 65535 (SSH is usually 22)';
  if (!values.user.trim()) errors.user = 'Enter the SSH user';
  else if (!/^[^\s@:/]+$/.test(values.user.trim())) errors.user = 'No spaces, @, : or /';
  if (values.authKind === 'key' && !/^(\/|~\/)/.test(values.keyPath.trim())) {
    errors.keyPath = 'An absolute path, or one starting with ~/';
  }
  if (values.authKind === 'password' && !values.password && !(editing && storedPassword)) {
    errors.password = 'Enter the password';
  }
  if (!values.noDocker && values.dockerSocket.trim() && !values.dockerSocket.trim().startsWith('/')) {
    errors.dockerSocket = 'An absolute path on the remote host';
  }
  return errors;
}

/** A malformed socket left in a hidden field must not block saving an SSH-only host. */
function dockerSocketInput(values: HostFormValues): string {
  const socket = values.dockerSocket.trim();
  if (!socket || (values.noDocker && !socket.startsWith('/'))) return DEFAULT_DOCKER_SOCKET;
  return socket;
}

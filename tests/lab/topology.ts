// The lab's fixed layout: names, addresses, users, and where every file lives under the state dir.
import { join } from 'node:path';

export type LabHostName = 'dock1' | 'dock2' | 'dock3' | 'jump';
export type DockerHostName = 'dock1' | 'dock2' | 'dock3';
/** Engines the lab runs: the three docker hosts plus a private image builder in the registry namespace. */
export type EngineName = DockerHostName | 'builder';

export const LAB_MARK = 'tidewatch-lab';
export const ROOT_BRIDGE = { name: 'twbr0', cidr: '10.231.0.1/24' };
/** Behind the jump host only: no address in the root namespace, so the root namespace cannot route there. */
export const INNER_BRIDGE = { name: 'twbr1', subnet: '10.232.0.0/24' };

export const REGISTRY_NS = 'tw-reg';
export const REGISTRY_IP = '10.231.0.10';
export const REGISTRY_PLAIN = `${REGISTRY_IP}:5000`;
export const REGISTRY_BASIC = `${REGISTRY_IP}:5001`;
export const REGISTRY_USER = 'labuser';
export const REGISTRY_PASSWORD = 'labpass';
// bcrypt (cost 5, cheap per request) of REGISTRY_PASSWORD, made once with
// python3 -c "import crypt; print(crypt.crypt('labpass', crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32)))".
// A constant avoids needing apache2-utils' htpasswd on every machine.
export const REGISTRY_HTPASSWD = `${REGISTRY_USER}:$2b$05$0ErysZ5DM5V3lONI5alh6ulO97Kv4P.dWEwF7cbBXDMCl6Y9Y43m.`;

export interface NsLink {
  /** veth end in the root namespace, enslaved to `bridge` */
  veth: string;
  /** interface name inside the namespace */
  ifname: string;
  bridge: string;
  cidr: string;
}

export interface NsSpec {
  ns: string;
  links: NsLink[];
}

export const HOSTS: Record<LabHostName, { ns: string; ip: string; docker: boolean; via?: LabHostName }> = {
  dock1: { ns: 'tw-dock1', ip: '10.231.0.11', docker: true },
  dock2: { ns: 'tw-dock2', ip: '10.231.0.12', docker: true },
  dock3: { ns: 'tw-dock3', ip: '10.232.0.14', docker: true, via: 'jump' },
  jump: { ns: 'tw-jump', ip: '10.231.0.13', docker: false },
};
export const HOST_NAMES = Object.keys(HOSTS) as LabHostName[];
export const DOCKER_HOST_NAMES: DockerHostName[] = ['dock1', 'dock2', 'dock3'];
export const ENGINE_NAMES: EngineName[] = [...DOCKER_HOST_NAMES, 'builder'];

export const NAMESPACES: NsSpec[] = [
  {
    ns: REGISTRY_NS,
    links: [{ veth: 'twv-reg', ifname: 'eth0', bridge: 'twbr0', cidr: `${REGISTRY_IP}/24` }],
  },
  { ns: 'tw-dock1', links: [{ veth: 'twv-dock1', ifname: 'eth0', bridge: 'twbr0', cidr: '10.231.0.11/24' }] },
  { ns: 'tw-dock2', links: [{ veth: 'twv-dock2', ifname: 'eth0', bridge: 'twbr0', cidr: '10.231.0.12/24' }] },
  {
    ns: 'tw-jump',
    links: [
      { veth: 'twv-jump0', ifname: 'eth0', bridge: 'twbr0', cidr: '10.231.0.13/24' },
      { veth: 'twv-jump1', ifname: 'eth1', bridge: 'twbr1', cidr: '10.232.0.13/24' },
    ],
  },
  { ns: 'tw-dock3', links: [{ veth: 'twv-dock3', ifname: 'eth0', bridge: 'twbr1', cidr: '10.232.0.14/24' }] },
];

export const USERS = { root: 'root', twlab: 'twlab', twlabnofwd: 'twlabnofwd' } as const;
export const LAB_USERS = [USERS.twlab, USERS.twlabnofwd];
export const USER_PASSWORD = 'twlab-pass';
/** Group of every engine's docker.sock; both lab users are members. */
export const DOCKER_GROUP = 'twlab';
export const KEY_PASSPHRASE = 'lab-passphrase';

export function defaultStateDir(): string {
  return process.env.TIDEWATCH_LAB_DIR ?? '/tmp/tidewatch-lab';
}

export interface EnginePaths {
  dir: string;
  socket: string;
  pidFile: string;
  log: string;
  configFile: string;
  dataRoot: string;
  execRoot: string;
}

export interface SshdPaths {
  dir: string;
  config: string;
  hostKey: string;
  pidFile: string;
  log: string;
}

export interface RegistryPaths {
  dir: string;
  config: string;
  storage: string;
  htpasswd: string;
  pidFile: string;
  log: string;
}

/** Every path the lab uses, derived from the state dir alone so any process (test workers too) can find them. */
export function labPaths(stateDir = defaultStateDir()) {
  const host = (name: string): string => join(stateDir, 'hosts', name);
  return {
    stateDir,
    labJson: join(stateDir, 'lab.json'),
    keysDir: join(stateDir, 'keys'),
    plainKey: join(stateDir, 'keys', 'id_plain'),
    passKey: join(stateDir, 'keys', 'id_pass'),
    authorizedKeys: join(stateDir, 'keys', 'authorized_keys'),
    /** client config for hand use and scripts: `ssh -F <sshConfig> dock3 docker ps` */
    sshConfig: join(stateDir, 'ssh_config'),
    homeOf: (user: string): string => join(stateDir, 'home', user),
    /** DOCKER_CONFIG for every lab docker CLI call: keeps registry logins out of the user's ~/.docker. */
    dockerConfig: join(stateDir, 'docker-config'),
    buildDir: join(stateDir, 'build'),
    engine: (name: EngineName): EnginePaths => ({
      dir: host(name),
      socket: join(host(name), 'docker.sock'),
      pidFile: join(host(name), 'dockerd.pid'),
      log: join(host(name), 'dockerd.log'),
      configFile: join(host(name), 'daemon.json'),
      dataRoot: join(host(name), 'docker'),
      execRoot: join(host(name), 'x'),
    }),
    sshd: (name: LabHostName): SshdPaths => ({
      dir: host(name),
      config: join(host(name), 'sshd_config'),
      hostKey: join(host(name), 'ssh_host_ed25519_key'),
      pidFile: join(host(name), 'sshd.pid'),
      log: join(host(name), 'sshd.log'),
    }),
    registry: (kind: 'plain' | 'basic'): RegistryPaths => ({
      dir: join(stateDir, 'registry', kind),
      config: join(stateDir, 'registry', kind, 'config.yml'),
      storage: join(stateDir, 'registry', kind, 'storage'),
      htpasswd: join(stateDir, 'registry', kind, 'htpasswd'),
      pidFile: join(stateDir, 'registry', kind, 'registry.pid'),
      log: join(stateDir, 'registry', kind, 'registry.log'),
    }),
  };
}

export type LabPaths = ReturnType<typeof labPaths>;

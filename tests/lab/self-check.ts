// End-to-end check of the lab itself: `tsx tests/lab/self-check.ts` (root). Starts the lab, exercises every
// feature tests rely on, stops it and verifies nothing is left behind. Exit code 0 = all good.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { Client, type ConnectConfig } from 'ssh2';
import {
  buildAndPushImage,
  dockerCli,
  hostKeyFingerprint,
  killSshConnections,
  regenerateHostKey,
  restartSshd,
  startLab,
  stopLab,
  type LabInfo,
} from './lab.js';
import { run, sleep, waitFor } from './proc.js';

const results: string[] = [];
let failed = 0;

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const t = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (err) {
    failed++;
    results.push(`FAIL ${name}: ${(err as Error).message}`);
  }
}

function assert(cond: boolean, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

/** Connects with ssh2 and reports the fingerprint of the key the server presented. */
function connect(config: ConnectConfig): Promise<{ client: Client; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let fingerprint = '';
    client.on('ready', () => resolve({ client, fingerprint }));
    client.on('error', reject);
    client.connect({
      ...config,
      port: 22,
      readyTimeout: 5_000,
      hostVerifier: (key: Buffer) => {
        fingerprint = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
        return true;
      },
    });
  });
}

function pingOverSsh(client: Client, socket: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.openssh_forwardOutStreamLocal(socket, (err, stream) => {
      if (err) return reject(err);
      let data = '';
      stream.on('data', (d: Buffer) => (data += d.toString()));
      stream.on('close', () => resolve(data));
      stream.end('GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n');
    });
  });
}

function httpGet(url: string, auth?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { auth, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function checks(lab: LabInfo): Promise<void> {
  const ssh = (host: string, cmd: string): Promise<string> => run('ssh', ['-F', lab.sshConfig, host, cmd]);
  const dock1 = lab.hosts.dock1;
  const socket1 = dock1.dockerSocket ?? '';

  await step('ssh twlab@dock1 docker ps (CLI, key)', async () => {
    assert((await ssh('dock1', 'docker ps --format {{.Names}}')).includes('web1'), 'web1 not listed');
  });
  await step('ssh dock3 via jump: docker info', async () => {
    assert((await ssh('dock3', 'docker info --format {{.Name}}')).trim().length > 0, 'no docker info');
  });
  await step('dock3 not reachable directly from root ns', async () => {
    const ok = await run('ssh', [
      '-F',
      lab.sshConfig,
      '-o',
      'ProxyJump=none',
      '-o',
      'ConnectTimeout=2',
      '10.232.0.14',
      'true',
    ]).then(
      () => true,
      () => false,
    );
    assert(!ok, 'dock3 answered without the jump host');
  });
  await step('registries: catalog, basic auth', async () => {
    const cat = await httpGet(`http://${lab.registries.plain}/v2/_catalog`);
    assert(cat.body.includes('lab/web') && cat.body.includes('lab/sick'), `catalog: ${cat.body}`);
    assert(
      (await httpGet(`http://${lab.registries.basic}/v2/_catalog`)).status === 401,
      'no 401 without auth',
    );
    const auth = `${lab.registries.basicUser}:${lab.registries.basicPassword}`;
    const basic = await httpGet(`http://${lab.registries.basic}/v2/lab/web/tags/list`, auth);
    assert(basic.body.includes('2.0.0'), `basic tags: ${basic.body}`);
  });
  await step('ssh2 password login + docker.sock stream-local forward', async () => {
    const { client } = await connect({ host: dock1.ip, username: 'twlab', password: lab.passwords.twlab });
    const reply = await pingOverSsh(client, socket1);
    client.end();
    assert(reply.includes('200 OK') && reply.endsWith('OK'), `ping reply: ${reply}`);
  });
  await step('ssh2 passphrase key as root; host key fingerprint matches', async () => {
    const privateKey = await readFile(lab.keys.pass);
    const { client, fingerprint } = await connect({
      host: dock1.ip,
      username: 'root',
      privateKey,
      passphrase: lab.keys.passphrase,
    });
    client.end();
    const expected = await hostKeyFingerprint('dock1');
    const keygen = await run('ssh-keygen', ['-lf', `${lab.stateDir}/hosts/dock1/ssh_host_ed25519_key.pub`]);
    assert(
      fingerprint === expected && keygen.includes(expected),
      `${fingerprint} vs ${expected} vs ${keygen}`,
    );
  });
  await step('twlabnofwd: exec works, stream-local forwarding refused', async () => {
    const { client } = await connect({
      host: dock1.ip,
      username: 'twlabnofwd',
      password: lab.passwords.twlabnofwd,
    });
    const refused = await pingOverSsh(client, socket1).then(
      () => false,
      () => true,
    );
    client.end();
    assert(refused, 'forwarding was allowed');
    assert(
      (await run('ssh', ['-F', lab.sshConfig, 'twlabnofwd@dock1', 'docker ps -q'])).length > 0,
      'no docker ps',
    );
  });
  await step('killSshConnections closes a live client', async () => {
    const { client } = await connect({ host: dock1.ip, username: 'twlab', password: lab.passwords.twlab });
    const closed = new Promise<void>((r) => client.on('close', () => r()));
    const killed = await killSshConnections('dock1');
    await Promise.race([closed, sleep(3_000).then(() => Promise.reject(new Error('client not closed')))]);
    assert(killed >= 1, `killed ${killed}`);
  });
  await step('restartSshd keeps sessions, accepts new ones', async () => {
    const { client } = await connect({ host: lab.hosts.dock2.ip, username: 'twlab', password: 'twlab-pass' });
    await restartSshd('dock2');
    const reply = await pingOverSsh(client, lab.hosts.dock2.dockerSocket ?? '');
    client.end();
    assert(reply.endsWith('OK'), 'old session broken');
    (await connect({ host: lab.hosts.dock2.ip, username: 'twlab', password: 'twlab-pass' })).client.end();
  });
  await step('regenerateHostKey changes the fingerprint', async () => {
    const before = await hostKeyFingerprint('dock2');
    const after = await regenerateHostKey('dock2');
    const { client, fingerprint } = await connect({
      host: lab.hosts.dock2.ip,
      username: 'twlab',
      password: 'twlab-pass',
    });
    client.end();
    assert(before !== after && fingerprint === after, `${before} ${after} ${fingerprint}`);
  });
  await step('re-push web:1.0.0 with new content; dock1 keeps its image', async () => {
    const pushed = await buildAndPushImage({ repo: 'lab/web', tag: '1.0.0', page: 'changed\n' });
    assert(pushed.digest !== lab.images.web.tags['1.0.0'], 'digest unchanged');
    const local = await dockerCli('dock1', [
      'image',
      'inspect',
      '-f',
      '{{json .RepoDigests}}',
      `${lab.images.web.repo}:1.0.0`,
    ]);
    assert(local.includes(lab.images.web.tags['1.0.0'] ?? 'x'), `dock1 digests ${local}`);
  });
  await step('web1 healthy, sick unhealthy, docker stop fast', async () => {
    await dockerCli('dock2', ['run', '-d', '--name', 'sick1', `${lab.images.sick.repo}:1.0.0`]);
    const health = (host: 'dock1' | 'dock2', c: string): Promise<string> =>
      dockerCli(host, ['inspect', '-f', '{{.State.Health.Status}}', c]).then((s) => s.trim());
    await waitFor('web1 healthy', async () => (await health('dock1', 'web1')) === 'healthy', 10_000);
    await waitFor('sick1 unhealthy', async () => (await health('dock2', 'sick1')) === 'unhealthy', 15_000);
    const t = Date.now();
    await dockerCli('dock2', ['stop', 'sick1']);
    assert(Date.now() - t < 3_000, `docker stop took ${Date.now() - t} ms`);
  });
  await step('container bridge lives inside the host namespace only', async () => {
    const rootLinks = await run('ip', ['-br', 'link']);
    assert(!/docker0/.test(rootLinks), 'docker0 in root namespace');
    const nsLinks = await run('ip', ['-n', dock1.netns, '-br', 'addr']);
    assert(nsLinks.includes('172.17.'), `no docker bridge in ${dock1.netns}`);
  });
}

async function leftovers(stateDir: string): Promise<string[]> {
  const found: string[] = [];
  const netns = await readdir('/var/run/netns').catch(() => [] as string[]);
  if (netns.some((n) => n.startsWith('tw-'))) found.push(`netns ${netns}`);
  if (/\btw(br|v-)/.test(await run('ip', ['-br', 'link']))) found.push('links');
  if ((await run('iptables', ['-S', 'FORWARD'])).includes('tidewatch-lab')) found.push('iptables');
  if (
    await run('getent', ['passwd', 'twlab']).then(
      () => true,
      () => false,
    )
  )
    found.push('user twlab');
  const ps = await run('ps', ['-eo', 'stat=,args=']);
  const live = ps.split('\n').filter((l) => !l.startsWith('Z') && l.includes(stateDir));
  if (live.length > 0) found.push(`processes: ${live.join('; ')}`);
  if ((await readFile('/proc/self/mountinfo', 'utf8')).includes(stateDir)) found.push('mounts');
  return found;
}

async function main(): Promise<void> {
  const lab = await startLab({ log: (m) => console.error(m) });
  results.push(`ok   startLab (${lab.startedMs} ms)`);
  try {
    await checks(lab);
  } finally {
    const t = Date.now();
    await stopLab();
    results.push(`ok   stopLab (${Date.now() - t} ms)`);
    const left = await leftovers(lab.stateDir);
    if (left.length > 0) failed++;
    results.push(left.length === 0 ? 'ok   nothing left behind' : `FAIL left behind: ${left.join(', ')}`);
  }
}

main()
  .catch((err: unknown) => {
    failed++;
    results.push(`FAIL ${(err as Error).message}`);
  })
  .finally(() => {
    console.log(results.join('\n'));
    process.exit(failed === 0 ? 0 : 1);
  });

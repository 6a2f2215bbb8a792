// A third docker-registry, configured for bearer tokens, in the lab's registry namespace, plus the token
// server it trusts (on the root bridge address 10.231.0.1). Tokens are ES256 JWTs carrying the signing
// certificate in `x5c`; the registry verifies them against that certificate as its root bundle.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const ROOT_BRIDGE_IP = '10.231.0.1';
const REGISTRY_IP = '10.231.0.10';
const SERVICE = 'tw-bearer-registry';
const ISSUER = 'tw-test-issuer';

export interface BearerRegistry {
  /** host:port of the registry (plain HTTP: configure it insecure) */
  host: string;
  username: string;
  password: string;
  /** every token request the server answered (status, scope, whether it carried credentials) */
  tokenRequests: Array<{ status: number; scope: string; authenticated: boolean }>;
  /** an Authorization header for direct API calls (pushes from the test) */
  authHeader(repository: string, actions: string): Promise<string>;
  stop(): Promise<void>;
}

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export async function startBearerRegistry(): Promise<BearerRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'tw-bearer-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-subj',
    '/CN=tidewatch-test-token-issuer',
  ]);
  const key = createPrivateKey(await readFile(keyFile));
  const certDer = new X509Certificate(await readFile(certFile)).raw;
  const username = 'bearuser';
  const password = `bear-${randomUUID()}`;
  const tokenRequests: BearerRegistry['tokenRequests'] = [];

  const issue = (scopes: string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'ES256', typ: 'JWT', x5c: [certDer.toString('base64')] };
    const access = scopes.flatMap((scope) => {
      const [type, name, actions] = scope.split(':');
      return type && name && actions ? [{ type, name, actions: actions.split(',') }] : [];
    });
    const claims = {
      iss: ISSUER,
      sub: username,
      aud: SERVICE,
      iat: now,
      nbf: now - 5,
      exp: now + 300,
      jti: randomUUID(),
      access,
    };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${b64url(signature)}`;
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://token');
    const scope = url.searchParams.getAll('scope').join(' ');
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const authenticated = request.headers.authorization === expected;
    const status = url.pathname === '/token' && authenticated ? 200 : 401;
    tokenRequests.push({ status, scope, authenticated });
    response.statusCode = status;
    response.setHeader('content-type', 'application/json');
    if (status !== 200) {
      response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED' }] }));
      return;
    }
    const token = issue(url.searchParams.getAll('scope'));
    response.end(
      JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, ROOT_BRIDGE_IP, resolve));
  const tokenPort = (server.address() as AddressInfo).port;

  const port = 5100 + Math.floor(Math.random() * 800);
  const host = `${REGISTRY_IP}:${port}`;
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'storage')}`,
    'http:',
    `  addr: ${host}`,
    `  secret: ${randomUUID()}`,
    'auth:',
    '  token:',
    `    realm: http://${ROOT_BRIDGE_IP}:${tokenPort}/token`,
    `    service: ${SERVICE}`,
    `    issuer: ${ISSUER}`,
    `    rootcertbundle: ${certFile}`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.yml'), config);
  const child: ChildProcess = spawn(
    'nsenter',
    ['--net=/var/run/netns/tw-reg', 'docker-registry', 'serve', join(dir, 'config.yml')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`bearer registry exited: ${stderr}`);
    }
    const status = await fetch(`http://${host}/v2/`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 401) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`bearer registry did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    host,
    username,
    password,
    tokenRequests,
    authHeader: async (repository, actions) => `Bearer ${issue([`repository:${repository}:${actions}`])}`,
    stop,
  };
}

import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultDataDir, OptionsError, parseCompanionOptions } from '../../../electron/companion/options';
import { startCompanion, type Companion } from '../../../electron/companion/server';
import { TOKEN_FILE_NAME } from '../../../electron/companion/token';

describe('companion options', () => {
  const home = '/home/ada';

  it('defaults: port 7483, data in ~/.local/share/tidewatch-companion', () => {
    expect(parseCompanionOptions([], {}, home, '/cwd')).toEqual({
      dataDir: '/home/ada/.local/share/tidewatch-companion',
      port: 7483,
      secretKeyFile: null,
      rendererDir: null,
      newToken: false,
      webhooks: null,
      localEngine: null,
      help: false,
    });
  });

  it('honours XDG_DATA_HOME when absolute, ignores it when relative', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, home)).toBe('/xdg/tidewatch-companion');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' }, home)).toBe(
      '/home/ada/.local/share/tidewatch-companion',
    );
  });

  it('takes the environment, and arguments over the environment', () => {
    const env = { TIDEWATCH_DATA_DIR: '/env/data', TIDEWATCH_PORT: '9000', TIDEWATCH_SECRET_KEY_FILE: 'key' };
    expect(parseCompanionOptions([], env, home, '/cwd')).toMatchObject({
      dataDir: '/env/data',
      port: 9000,
      secretKeyFile: '/cwd/key',
    });
    expect(parseCompanionOptions(['--port', '0', '--data-dir=rel/dir'], env, home, '/cwd')).toMatchObject({
      dataDir: '/cwd/rel/dir',
      port: 0,
    });
  });

  it.each([
    [['--port', '70000']],
    [['--port', '-1']],
    [['--port', 'http']],
    [['--port']],
    [['--data-dir', '']],
    [['--verbose']],
    [['positional']],
    [['--local-engine', 'var/run/docker.sock']],
    [['--local-engine']],
  ])('refuses %j with a clear message', (argv) => {
    expect(() => parseCompanionOptions(argv, {}, home)).toThrow(OptionsError);
  });

  it('takes the local engine socket from --local-engine or TIDEWATCH_LOCAL_ENGINE', () => {
    expect(parseCompanionOptions(['--local-engine', '/run/docker.sock'], {}, home).localEngine).toBe(
      '/run/docker.sock',
    );
    expect(
      parseCompanionOptions([], { TIDEWATCH_LOCAL_ENGINE: '/var/run/docker.sock' }, home).localEngine,
    ).toBe('/var/run/docker.sock');
  });

  it('recognises --help', () => {
    expect(parseCompanionOptions(['-h'], {}, home).help).toBe(true);
  });
});

/** A raw HTTP GET where the test controls the Host header and the exact path (fetch normalises both). */
function get(port: number, path: string, host = `127.0.0.1:${port}`, method = 'GET') {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('companion server (in process)', () => {
  let base: string;
  let companion: Companion;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'tidewatch-companion-'));
    const rendererDir = join(base, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tidewatch</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(base, 'outside.txt'), 'outside');
    companion = await startCompanion({
      dataDir: join(base, 'data'),
      port: 0,
      secretKeyFile: null,
      rendererDir,
      newToken: false,
      webhooks: null,
      localEngine: null,
      help: false,
      env: { XDG_CONFIG_HOME: join(base, 'config') },
    });
  });
  afterAll(async () => {
    await companion.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('listens on a free port and puts the token in the URL fragment', () => {
    expect(companion.port).toBeGreaterThan(0);
    expect(companion.url).toBe(`http://127.0.0.1:${companion.port}/#token=${companion.token}`);
    expect(companion.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('writes the token file readable by its owner only', () => {
    const file = join(base, 'data', TOKEN_FILE_NAME);
    expect(companion.tokenFile).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(companion.token);
  });

  it('creates its own secret key on first start: 0600, in a 0700 folder apart from the data folder', async () => {
    const info = companion.core.info();
    expect(info.mode).toBe('companion');
    const keyFile = join(base, 'config', 'tidewatch-companion', 'secret.key');
    expect(info.secretBackend).toEqual({
      kind: 'encrypted-file',
      error: null,
      keyFile,
      resettable: false,
    });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(base, 'config', 'tidewatch-companion')).mode & 0o777).toBe(0o700);
  });

  it('compresses text assets per Accept-Encoding (brotli, else gzip) and says Vary', async () => {
    const fetchRaw = (encoding: string | null) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
        (resolve, reject) => {
          const headers: Record<string, string> = { host: `127.0.0.1:${companion.port}` };
          if (encoding !== null) headers['accept-encoding'] = encoding;
          const req = request(
            { host: '127.0.0.1', port: companion.port, path: '/assets/app.js', headers },
            (response) => {
              const chunks: Buffer[] = [];
              response.on('data', (chunk: Buffer) => chunks.push(chunk));
              response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
            },
          );
          req.on('error', reject);
          req.end();
        },
      );
    const br = await fetchRaw('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe('console.log(1)');
    const gz = await fetchRaw('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe('console.log(1)');
    const plain = await fetchRaw(null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe('console.log(1)');
    expect((await fetchRaw('br;q=0, gzip')).headers['content-encoding']).toBe('gzip');
  });

  it('serves the renderer with a strict CSP and hardening headers', async () => {
    const page = await get(companion.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Tidewatch</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${companion.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const script = await get(companion.port, '/assets/app.js');
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('falls back to index.html for app routes but not for missing assets', async () => {
    expect((await get(companion.port, '/hosts/3')).body).toContain('<title>Tidewatch</title>');
    expect((await get(companion.port, '/assets/missing.js')).status).toBe(404);
  });

  it.each(['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/..%5coutside.txt'])(
    'never serves a file outside the renderer: %s',
    async (path) => {
      const response = await get(companion.port, path);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('outside');
    },
  );

  it.each(['evil.example', `evil.example:${0}`, 'localhost', '127.0.0.1', '127.0.0.1:1', '10.231.0.10:7483'])(
    'refuses the Host %j (DNS rebinding)',
    async (host) => {
      const response = await get(companion.port, '/', host.replace(':0', `:${companion.port}`));
      expect(response.status).toBe(421);
    },
  );

  it('accepts localhost:<port> as Host', async () => {
    expect((await get(companion.port, '/', `localhost:${companion.port}`)).status).toBe(200);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get(companion.port, '/', undefined, 'POST')).status).toBe(405);
  });

  it('refuses a WebSocket upgrade with a foreign Host, serves one with its own', async () => {
    const foreign = new WebSocket(`ws://127.0.0.1:${companion.port}/api`, {
      headers: { host: 'evil.example' },
    });
    const refused = await new Promise<string>((resolve) => {
      foreign.once('unexpected-response', (_request, response) => resolve(`status ${response.statusCode}`));
      foreign.once('error', (error) => resolve(`error ${error.message}`));
    });
    expect(refused).toMatch(/421|error/);

    const own = new WebSocket(`ws://127.0.0.1:${companion.port}/api`);
    await new Promise((resolve) => own.once('open', resolve));
    own.send(JSON.stringify({ type: 'hello', token: companion.token }));
    const welcome = await new Promise<string>((resolve) =>
      own.once('message', (data) => resolve(data.toString())),
    );
    expect(JSON.parse(welcome)).toEqual({ type: 'welcome' });
    own.close();
  });
});

// A registry front that holds one blob download half-way until told to go on: a proxy process inside a lab
// host's network namespace, on that host's 127.0.0.1 (which its dockerd treats as an insecure registry),
// forwarding to a lab registry. Every request passes through unchanged except GETs of the held blob: those
// get the real headers and the first half of the body, then nothing more until release() sends the rest.
// A pull of an image with that layer is therefore still running for as long as the test needs, however
// fast or slow the machine is.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { hostNetns, type LabHostName } from '../../lab/lab';

export interface StallingRegistry {
  /** `127.0.0.1:<port>` as seen from inside the lab host: a registry address its engine pulls from. */
  host: string;
  /** Resolves when a GET of the held blob has received its first half and is being held. */
  stalled: Promise<void>;
  /**
   * Sends the rest of every held download (and lets later ones through whole); resolves once the held
   * response ended: `delivered` when all of it was written, `dropped` when the engine closed it first.
   */
  release(): Promise<'delivered' | 'dropped'>;
  stop(): Promise<void>;
}

/**
 * Runs inside the namespace (plain JS for `node -e`). Prints `listening <port>`, `stalled` when it holds a
 * download, and `delivered` or `dropped` for each held one after the line `release` on its stdin.
 */
const PROXY_SOURCE = `
const http = require('node:http');
const [upstream, held] = process.argv.slice(1);
const [upHost, upPort] = upstream.split(':');
let releasing = false;
const waiting = [];
process.stdin.on('data', () => {
  releasing = true;
  for (const go of waiting.splice(0)) go();
});
const server = http.createServer((req, res) => {
  const hold = !releasing && req.method === 'GET' && req.url.endsWith('/blobs/' + held);
  const up = http.request(
    { host: upHost, port: Number(upPort), method: req.method, path: req.url, headers: req.headers },
    (upRes) => {
      upRes.on('error', () => res.destroy());
      res.writeHead(upRes.statusCode, upRes.headers);
      if (!hold) return void upRes.pipe(res);
      const chunks = [];
      upRes.on('data', (chunk) => chunks.push(chunk));
      upRes.on('end', () => {
        const body = Buffer.concat(chunks);
        const half = Math.floor(body.length / 2);
        res.write(body.subarray(0, half));
        res.on('close', () => console.log(res.writableFinished ? 'delivered' : 'dropped'));
        waiting.push(() => res.end(body.subarray(half)));
        console.log('stalled');
      });
    },
  );
  up.on('error', () => res.destroy());
  req.on('error', () => up.destroy());
  res.on('error', () => up.destroy());
  req.pipe(up);
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

export async function startStallingRegistry(
  labHost: LabHostName,
  upstream: string,
  heldDigest: string,
): Promise<StallingRegistry> {
  const child: ChildProcess = spawn(
    'nsenter',
    [`--net=${hostNetns(labHost)}`, process.execPath, '-e', PROXY_SOURCE, upstream, heldDigest],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  // A write after the proxy is gone (EPIPE) must not crash the test run.
  child.stdin?.on('error', () => undefined);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const waitFor = (word: string) =>
    new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        if (line.startsWith(word)) resolve(line);
      });
      child.once('exit', () => reject(new Error(`stalling registry exited before "${word}": ${stderr}`)));
    });
  const listening = waitFor('listening');
  const stalled = waitFor('stalled').then(() => undefined);
  const ended = Promise.race([waitFor('delivered'), waitFor('dropped')]).then((line) =>
    line.startsWith('delivered') ? ('delivered' as const) : ('dropped' as const),
  );
  // Only awaited by tests that need them: a rejection on exit must not go unhandled.
  stalled.catch(() => undefined);
  ended.catch(() => undefined);
  const port = (await listening).split(' ')[1];
  return {
    host: `127.0.0.1:${port}`,
    stalled,
    release: () => {
      child.stdin?.write('release\n');
      return ended;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The webhook listener's TLS files: read through the safe reader (a FIFO or a device named as the
 * certificate is refused at once, not waited on), and a renewed certificate taken by the running server
 * without a restart, while a half-written renewal leaves the previous one serving.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logging/logger';
import { readTlsPair, TlsReloader, type TlsFiles } from '../../../electron/core/webhooks/tls-files';

let dir: string;
let files: TlsFiles;

function makeCertificate(commonName: string, into: TlsFiles = files): void {
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${commonName}`, '-days', '1'].concat([
      '-keyout',
      into.key,
      '-out',
      into.cert,
    ]),
    { stdio: 'ignore' },
  );
}

/** The common name of the certificate a fresh connection is shown. */
function presented(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = request(
      { host: '127.0.0.1', port, path: '/', rejectUnauthorized: false, agent: false },
      (response) => {
        const subject = (response.socket as TLSSocket).getPeerCertificate().subject;
        response.resume();
        resolve(String(subject?.CN ?? ''));
      },
    );
    call.on('error', reject);
    call.end();
  });
}

async function until(probe: () => Promise<boolean>): Promise<void> {
  while (!(await probe())) await new Promise((resolve) => setTimeout(resolve, 100));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tidewatch-tls-files-'));
  files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('TLS files', () => {
  it('refuses a FIFO or a device as the certificate at once, naming no content', async () => {
    makeCertificate('first');
    const fifo = join(dir, 'fifo.pem');
    execFileSync('mkfifo', [fifo]);
    await expect(readTlsPair({ cert: fifo, key: files.key })).rejects.toThrow(
      /cannot read the TLS certificate file .*fifo\.pem: /,
    );
    await expect(readTlsPair({ cert: '/dev/zero', key: files.key })).rejects.toThrow(
      /cannot read the TLS certificate file \/dev\/zero/,
    );
    writeFileSync(join(dir, 'junk.pem'), 'PRIVATE-JUNK');
    const junk = await readTlsPair({ cert: join(dir, 'junk.pem'), key: files.key }).catch(
      (error: Error) => error,
    );
    expect(String(junk)).toMatch(/not a valid PEM pair/);
    expect(String(junk)).not.toContain('PRIVATE-JUNK');
  });

  it('takes a renewed certificate without a restart; a broken renewal keeps the previous one', async () => {
    makeCertificate('first');
    const server: Server = createServer(await readTlsPair(files), (_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const reloader = new TlsReloader(files, server, silentLogger, 100);
    await reloader.start();
    try {
      expect(await presented(port)).toBe('first');
      // The renewal writes new files where the old ones were (as certbot's deploy or acme.sh do).
      const renewed = { cert: join(dir, 'new-cert.pem'), key: join(dir, 'new-key.pem') };
      makeCertificate('second', renewed);
      execFileSync('cp', [renewed.key, files.key]);
      execFileSync('cp', [renewed.cert, files.cert]);
      await until(async () => (await presented(port)) === 'second');

      writeFileSync(files.cert, 'half a renewal');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await presented(port)).toBe('second');
    } finally {
      reloader.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

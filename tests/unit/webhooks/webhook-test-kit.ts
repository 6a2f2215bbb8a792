import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TidewatchClient } from '@shared/rpc/client';
import type { Core, CoreOptions } from '../../../electron/core/app';
import { MemorySecretStore } from '../../../electron/core/secrets/memory-secret-store';
import { clientOf, createQuietCore } from '../../support/quiet-core';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (the body's bytes exactly as given), so signatures can be tested over real bytes. */
export function send(
  url: string,
  options: { method?: string; path: string; body?: string | Buffer; headers?: Record<string, string> },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path, url);
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const request = httpRequest(
      target,
      {
        method: options.method ?? 'POST',
        headers: {
          ...(body ? { 'content-length': String(body.length) } : {}),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export const json = { 'content-type': 'application/json' };

export interface WebhookCore {
  core: Core;
  client: TidewatchClient;
  url: string;
  secrets: Record<string, string>;
  dataDir: string;
  dispose(keepData?: boolean): Promise<void>;
}

/** A real core whose webhook listener runs on a free loopback port (the companion's `--webhooks`). */
export async function startWebhookCore(
  options: { dataDir?: string; secrets?: MemorySecretStore; core?: Partial<CoreOptions> } = {},
): Promise<WebhookCore> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tidewatch-webhooks-'));
  const core = createQuietCore(dataDir, {
    secrets: options.secrets ?? new MemorySecretStore(),
    webhooks: { listen: '127.0.0.1:0' },
    ...options.core,
  });
  const client = clientOf(core);
  const url = await listening(client);
  const secrets: Record<string, string> = {};
  for (const endpoint of await client.call('webhooks.endpoints')) secrets[endpoint.name] = endpoint.secret;
  return {
    core,
    client,
    url,
    secrets,
    dataDir,
    async dispose(keepData = false) {
      await core.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The listener's URL once it runs (it starts in the background with the core). */
export async function listening(client: TidewatchClient): Promise<string> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const status = await client.call('webhooks.status');
    if (status.state.url) return status.state.url;
    if (status.state.error) throw new Error(status.state.error);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the webhook listener did not start');
}

// Raw registry API calls the tests need to shape registry content: copy manifests and blobs between
// repositories (and registries), and PUT an OCI index referencing several manifests.
import { createHash } from 'node:crypto';

export interface RegistryEndpoint {
  /** e.g. http://10.231.0.10:5000 */
  base: string;
  /** Authorization header for a repository and actions, if the registry needs one. */
  auth?: (repository: string, actions: string) => Promise<string | undefined>;
}

const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

async function headers(
  endpoint: RegistryEndpoint,
  repository: string,
  actions: string,
  extra: Record<string, string> = {},
) {
  const authorization = await endpoint.auth?.(repository, actions);
  return authorization ? { ...extra, authorization } : extra;
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

export interface RawManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
  blobs: string[];
}

export async function getManifest(
  endpoint: RegistryEndpoint,
  repository: string,
  reference: string,
): Promise<RawManifest> {
  const response = await expectOk(
    await fetch(`${endpoint.base}/v2/${repository}/manifests/${reference}`, {
      headers: await headers(endpoint, repository, 'pull', { accept: `${MANIFEST_V2}, ${OCI_MANIFEST}` }),
    }),
    `GET manifest ${repository}:${reference}`,
  );
  const bytes = Buffer.from(await response.arrayBuffer());
  const body = JSON.parse(bytes.toString()) as {
    config: { digest: string };
    layers: Array<{ digest: string }>;
  };
  return {
    bytes,
    mediaType: response.headers.get('content-type') ?? MANIFEST_V2,
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    blobs: [body.config.digest, ...body.layers.map((layer) => layer.digest)],
  };
}

export async function putManifest(
  endpoint: RegistryEndpoint,
  repository: string,
  reference: string,
  bytes: Buffer,
  mediaType: string,
): Promise<string> {
  const response = await expectOk(
    await fetch(`${endpoint.base}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: await headers(endpoint, repository, 'pull,push', { 'content-type': mediaType }),
      body: bytes,
    }),
    `PUT manifest ${repository}:${reference}`,
  );
  return response.headers.get('docker-content-digest') ?? '';
}

/** Copies one manifest (and its blobs) from a repository to another, possibly on another registry. */
export async function copyImage(
  from: RegistryEndpoint,
  fromRepo: string,
  reference: string,
  to: RegistryEndpoint,
  toRepo: string,
  toReference: string,
): Promise<string> {
  const manifest = await getManifest(from, fromRepo, reference);
  for (const digest of manifest.blobs) await copyBlob(from, fromRepo, to, toRepo, digest);
  return putManifest(to, toRepo, toReference, manifest.bytes, manifest.mediaType);
}

async function copyBlob(
  from: RegistryEndpoint,
  fromRepo: string,
  to: RegistryEndpoint,
  toRepo: string,
  digest: string,
) {
  const exists = await fetch(`${to.base}/v2/${toRepo}/blobs/${digest}`, {
    method: 'HEAD',
    headers: await headers(to, toRepo, 'pull,push'),
  });
  if (exists.ok) return;
  if (from.base === to.base) {
    // Same registry: a cross-repository mount, no bytes moved.
    const mounted = await fetch(`${to.base}/v2/${toRepo}/blobs/uploads/?mount=${digest}&from=${fromRepo}`, {
      method: 'POST',
      headers: await headers(to, toRepo, 'pull,push'),
    });
    if (mounted.status === 201) return;
    await mounted.body?.cancel();
  }
  const blob = await expectOk(
    await fetch(`${from.base}/v2/${fromRepo}/blobs/${digest}`, {
      headers: await headers(from, fromRepo, 'pull'),
    }),
    `GET blob ${digest}`,
  );
  const bytes = Buffer.from(await blob.arrayBuffer());
  const started = await expectOk(
    await fetch(`${to.base}/v2/${toRepo}/blobs/uploads/`, {
      method: 'POST',
      headers: await headers(to, toRepo, 'pull,push'),
    }),
    'start upload',
  );
  const location = new URL(started.headers.get('location') ?? '', to.base);
  location.searchParams.set('digest', digest);
  await expectOk(
    await fetch(location, {
      method: 'PUT',
      headers: await headers(to, toRepo, 'pull,push', { 'content-type': 'application/octet-stream' }),
      body: bytes,
    }),
    `PUT blob ${digest}`,
  );
}

/** PUTs an OCI index for `tag` listing manifests (already in the repository) per platform. */
export async function putIndex(
  endpoint: RegistryEndpoint,
  repository: string,
  tag: string,
  entries: Array<{ manifest: RawManifest; os: string; architecture: string; variant?: string }>,
): Promise<string> {
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: entries.map((entry) => ({
      mediaType: entry.manifest.mediaType,
      digest: entry.manifest.digest,
      size: entry.manifest.bytes.length,
      platform: {
        os: entry.os,
        architecture: entry.architecture,
        ...(entry.variant ? { variant: entry.variant } : {}),
      },
    })),
  };
  const bytes = Buffer.from(JSON.stringify(index));
  await putManifest(endpoint, repository, tag, bytes, 'application/vnd.oci.image.index.v1+json');
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

/** Everything we can read, indexes first, so a multi-platform tag answers with its index digest. */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifestList,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
].join(', ');

export function isIndexMediaType(mediaType: string | null): boolean {
  const type = normaliseMediaType(mediaType);
  return type === MEDIA_TYPES.ociIndex || type === MEDIA_TYPES.dockerManifestList;
}

export function isManifestMediaType(mediaType: string | null): boolean {
  const type = normaliseMediaType(mediaType);
  return type === MEDIA_TYPES.ociManifest || type === MEDIA_TYPES.dockerManifest;
}

export function normaliseMediaType(mediaType: string | null): string {
  return (mediaType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

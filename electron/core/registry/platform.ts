/** An image platform as Docker reports it (`Os`, `Architecture`, `Variant` of image inspect). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string | null;
}

export interface IndexEntry {
  digest: string;
  mediaType?: string;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/** `linux/arm64/v8`, `linux/amd64`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((part) => part).join('/');
}

export function parsePlatform(text: string): Platform {
  const [os = 'linux', architecture = 'amd64', variant] = text.split('/');
  return { os, architecture, variant: variant ?? null };
}

/** Docker normalises these; an index may or may not spell the default variant out. */
function defaultVariant(architecture: string): string | null {
  if (architecture === 'arm64') return 'v8';
  if (architecture === 'arm') return 'v7';
  return null;
}

function normaliseArch(architecture: string): string {
  const lower = architecture.toLowerCase();
  if (lower === 'x86_64' || lower === 'x86-64') return 'amd64';
  if (lower === 'aarch64') return 'arm64';
  return lower;
}

/**
 * Picks the entry of a manifest list / OCI index for one platform: same OS and architecture, the same
 * variant when both sides name one (missing variants count as the architecture's default). Attestation
 * entries (`unknown/unknown`) never match.
 */
export function selectPlatformEntry(entries: readonly IndexEntry[], wanted: Platform): IndexEntry | null {
  const arch = normaliseArch(wanted.architecture);
  const variant = wanted.variant || defaultVariant(arch);
  const candidates = entries.filter(
    (entry) =>
      entry.platform?.os?.toLowerCase() === wanted.os.toLowerCase() &&
      normaliseArch(entry.platform.architecture ?? '') === arch,
  );
  const exact = candidates.find((entry) => (entry.platform?.variant || defaultVariant(arch)) === variant);
  if (exact) return exact;
  // An index that lists one entry for the architecture without a variant serves every variant.
  return candidates.find((entry) => !entry.platform?.variant) ?? null;
}

import type { UpdateKind } from '@shared/schemas/updates';
import { parseImageReference, type ImageReference } from '../registry/image-reference';
import type { CheckOutcome } from './image-checker';
import { findVersionSteps, type VersionStep } from './tag-versions';
import { tagAllowed, type WatchRules } from './watch-rules';

/** What one container can be updated to. */
export interface Finding {
  kind: UpdateKind;
  availableTag: string;
  availableDigest: string | null;
  currentDigest: string | null;
  /** The newest tag of each kind (patch, minor, major), safest first; the last is `availableTag`. */
  steps: VersionStep[];
}

/** The digests an image was pulled by, for the container's own repository only. */
export function localDigests(ref: ImageReference, repoDigests: readonly string[]): string[] {
  const result: string[] = [];
  for (const entry of repoDigests) {
    try {
      const parsed = parseImageReference(entry);
      if (parsed.registry === ref.registry && parsed.repository === ref.repository && parsed.digest) {
        result.push(parsed.digest);
      }
    } catch {
      // A RepoDigest we cannot read says nothing about this repository.
    }
  }
  return result;
}

/**
 * Compares one container with a successful check. A newer tag wins over a new digest of the same tag
 * (one inbox entry per container). Without a local digest the same-tag comparison is impossible, so no
 * digest update is claimed.
 */
export function evaluateContainer(
  ref: ImageReference,
  repoDigests: readonly string[],
  rules: WatchRules,
  outcome: CheckOutcome,
): Finding | null {
  if (outcome.status !== 'ok' || ref.tag === null) return null;
  const local = localDigests(ref, repoDigests);
  const currentDigest = local[0] ?? null;
  if (rules.watchTags && outcome.tags) {
    const steps = findVersionSteps(ref.tag, outcome.tags, {
      includePrereleases: rules.includePrereleases,
      allowed: (tag) => tagAllowed(tag, rules),
    });
    const newest = steps.at(-1);
    if (newest) {
      return { kind: newest.kind, availableTag: newest.tag, availableDigest: null, currentDigest, steps };
    }
  }
  if (!rules.watchDigest || outcome.digest === null || local.length === 0 || ref.digest !== null) return null;
  const known = new Set(local);
  if (known.has(outcome.digest) || (outcome.indexDigest !== null && known.has(outcome.indexDigest)))
    return null;
  return {
    kind: 'digest',
    availableTag: ref.tag,
    availableDigest: outcome.indexDigest ?? outcome.digest,
    currentDigest,
    steps: [],
  };
}

/** The identity of an available version: what "ignore this version" and notification de-duplication key on. */
export function versionKey(finding: Pick<Finding, 'availableTag' | 'availableDigest' | 'kind'>): string {
  return finding.kind === 'digest'
    ? `${finding.availableTag}@${finding.availableDigest ?? ''}`
    : finding.availableTag;
}

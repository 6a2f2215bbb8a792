import type { CheckStatus } from '@shared/schemas/updates';
import { formatPlatform, type Platform } from '../registry/platform';
import type { ManifestHead, RegistryClient } from '../registry/registry-client';
import { checkStatusOf } from '../registry/registry-error';

/** One distinct thing to ask a registry about: (registry, repository, tag, platform). */
export interface CheckPlan {
  key: string;
  registry: string;
  repository: string;
  tag: string;
  platform: Platform;
  needDigest: boolean;
  needTags: boolean;
  containers: number;
}

export interface CheckOutcome {
  plan: CheckPlan;
  status: CheckStatus;
  reason: string | null;
  /** Digest of the platform's manifest for the tag. */
  digest: string | null;
  /** Digest of the index the tag names, when it is multi-platform. */
  indexDigest: string | null;
  tags: string[] | null;
  checkedAt: Date;
}

export function checkKey(registry: string, repository: string, tag: string, platform: Platform): string {
  return `${registry}/${repository}:${tag}|${formatPlatform(platform)}`;
}

/**
 * Tag lists kept across cycles. A tag list is the second request a semver image costs; a newer tag is
 * rarer than a re-pushed one, so scheduled checks reuse a list younger than the TTL and the HEAD (digest)
 * check alone runs every cycle: a warm cycle costs one request per image. A manual check always refetches.
 */
export class TagListCache {
  private readonly lists = new Map<string, { tags: string[]; fetchedAt: number }>();

  get(key: string, maxAgeMs: number, now: number): string[] | null {
    const hit = this.lists.get(key);
    return hit && now - hit.fetchedAt < maxAgeMs ? hit.tags : null;
  }

  set(key: string, tags: string[], now: number): void {
    this.lists.set(key, { tags, fetchedAt: now });
  }
}

/**
 * Runs the checks of one cycle. Requests are shared across plans: one HEAD per (registry, repository,
 * tag) whatever the number of platforms, one tag list per repository (or none while the cached one is fresh).
 */
export class CycleChecker {
  private readonly heads = new Map<string, Promise<ManifestHead>>();
  private readonly tagLists = new Map<string, Promise<string[]>>();

  constructor(
    private readonly client: RegistryClient,
    private readonly signal: AbortSignal,
    private readonly now: () => Date,
    private readonly tagCache: TagListCache = new TagListCache(),
    /** 0 = always fetch (manual checks). */
    private readonly tagListMaxAgeMs = 0,
  ) {}

  async check(plan: CheckPlan): Promise<CheckOutcome> {
    const outcome: CheckOutcome = {
      plan,
      status: 'ok',
      reason: null,
      digest: null,
      indexDigest: null,
      tags: null,
      checkedAt: this.now(),
    };
    try {
      if (plan.needDigest) {
        const head = await this.head(plan);
        const resolved = await this.client.resolveFromHead(
          plan.registry,
          plan.repository,
          plan.tag,
          head,
          plan.platform,
          this.signal,
        );
        outcome.digest = resolved.digest;
        outcome.indexDigest = resolved.indexDigest;
      }
      if (plan.needTags) outcome.tags = await this.tags(plan);
    } catch (error) {
      // A failed check yields no update at all: a partial answer must not look like "nothing new" or "new".
      return {
        ...outcome,
        status: checkStatusOf(error),
        reason: (error as Error).message,
        digest: null,
        tags: null,
      };
    }
    return { ...outcome, checkedAt: this.now() };
  }

  private head(plan: CheckPlan): Promise<ManifestHead> {
    const key = `${plan.registry}/${plan.repository}:${plan.tag}`;
    let promise = this.heads.get(key);
    if (!promise) {
      promise = this.client.headManifest(plan.registry, plan.repository, plan.tag, this.signal);
      this.heads.set(key, promise);
    }
    return promise;
  }

  private tags(plan: CheckPlan): Promise<string[]> {
    const key = `${plan.registry}/${plan.repository}`;
    let promise = this.tagLists.get(key);
    if (!promise) {
      const now = this.now().getTime();
      const cached = this.tagCache.get(key, this.tagListMaxAgeMs, now);
      promise = cached
        ? Promise.resolve(cached)
        : this.client.listTags(plan.registry, plan.repository, this.signal).then((tags) => {
            this.tagCache.set(key, tags, now);
            return tags;
          });
      this.tagLists.set(key, promise);
    }
    return promise;
  }
}

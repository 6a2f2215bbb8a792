/**
 * The tags offered by "Update to…": every tag of the repository, newest version first, each with its kind
 * relative to the running tag, so the user sees at a glance which choice is a patch and which a major jump.
 */
import type { DeployTagKind } from '@shared/schemas/deploys';
import {
  classify,
  compareTagVersions,
  parseTagVersion,
  sameShape,
  type TagVersion,
} from '../updates/tag-versions';

export interface TagChoice {
  tag: string;
  kind: DeployTagKind;
}

export interface TagChoiceOptions {
  includePrereleases: boolean;
  limit: number;
}

interface Parsed {
  tag: string;
  version: TagVersion | null;
}

/**
 * Pre-releases are left out unless enabled or the running tag is one (as for update checks). `total` counts
 * what is offered before the cap, so the list can say that older tags were left out.
 */
export function rankTagChoices(
  currentTag: string | null,
  tags: readonly string[],
  options: TagChoiceOptions,
): { tags: TagChoice[]; total: number } {
  const current = currentTag === null ? null : parseTagVersion(currentTag);
  const allowPre = options.includePrereleases || (current?.prerelease ?? null) !== null;
  const offered = [...new Set(tags)]
    .map((tag): Parsed => ({ tag, version: parseTagVersion(tag) }))
    .filter(({ tag, version }) => tag === currentTag || allowPre || version?.prerelease == null)
    .sort(newestFirst);
  return {
    tags: offered
      .slice(0, options.limit)
      .map(({ tag, version }) => ({ tag, kind: kindOf(tag, version, currentTag, current) })),
    total: offered.length,
  };
}

/**
 * Versions by number (any shape), newest first, the more precise of equal ones first (`1.1.0` before `1.1`);
 * tags that are no version (`latest`, `edge`) after them.
 */
function newestFirst(a: Parsed, b: Parsed): number {
  if (a.version && b.version) {
    return (
      compareTagVersions(b.version, a.version) ||
      b.version.numbers.length - a.version.numbers.length ||
      a.tag.localeCompare(b.tag)
    );
  }
  if (a.version) return -1;
  if (b.version) return 1;
  return a.tag.localeCompare(b.tag);
}

function kindOf(
  tag: string,
  version: TagVersion | null,
  currentTag: string | null,
  current: TagVersion | null,
): DeployTagKind {
  if (tag === currentTag) return 'current';
  // Only versions of the running tag's shape compare: `1.3-alpine` is no upgrade path from `1.2.0`.
  if (!current || !version || !sameShape(current, version)) return 'other';
  const order = compareTagVersions(version, current);
  if (order > 0) return classify(current, version);
  return order < 0 ? 'older' : 'other';
}

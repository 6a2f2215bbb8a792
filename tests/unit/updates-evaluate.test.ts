import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/schemas/settings';
import { parseImageReference } from '../../electron/core/registry/image-reference';
import { evaluateContainer, localDigests } from '../../electron/core/updates/evaluate';
import type { CheckOutcome } from '../../electron/core/updates/image-checker';
import { resolveWatchRules } from '../../electron/core/updates/watch-rules';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const ref = parseImageReference('10.231.0.10:5000/lab/web:1.0.0');
const rules = resolveWatchRules({}, DEFAULT_SETTINGS);

function outcome(partial: Partial<CheckOutcome>): CheckOutcome {
  return {
    plan: {
      key: 'k',
      registry: ref.registry,
      repository: ref.repository,
      tag: '1.0.0',
      platform: { os: 'linux', architecture: 'amd64' },
      needDigest: true,
      needTags: true,
      containers: 1,
    },
    status: 'ok',
    reason: null,
    digest: d('a'),
    indexDigest: null,
    tags: ['1.0.0'],
    checkedAt: new Date(),
    ...partial,
  };
}

describe('evaluateContainer', () => {
  const local = [`10.231.0.10:5000/lab/web@${d('a')}`, `other.io/lab/web@${d('f')}`];

  it('finds nothing when the remote digest is one of the local RepoDigests', () => {
    expect(evaluateContainer(ref, local, rules, outcome({}))).toBeNull();
  });

  it('finds a digest update when the remote digest is new', () => {
    expect(evaluateContainer(ref, local, rules, outcome({ digest: d('b') }))).toEqual({
      kind: 'digest',
      availableTag: '1.0.0',
      availableDigest: d('b'),
      currentDigest: d('a'),
      steps: [],
    });
  });

  it('accepts the index digest as the local one (RepoDigests may hold either)', () => {
    const indexLocal = [`10.231.0.10:5000/lab/web@${d('c')}`];
    expect(
      evaluateContainer(ref, indexLocal, rules, outcome({ digest: d('b'), indexDigest: d('c') })),
    ).toBeNull();
    expect(
      evaluateContainer(
        ref,
        [`10.231.0.10:5000/lab/web@${d('b')}`],
        rules,
        outcome({ digest: d('b'), indexDigest: d('c') }),
      ),
    ).toBeNull();
  });

  it('never claims an update without a local digest of the same repository, or from a failed check', () => {
    expect(
      evaluateContainer(ref, [`other.io/lab/web@${d('a')}`], rules, outcome({ digest: d('b') })),
    ).toBeNull();
    expect(evaluateContainer(ref, [], rules, outcome({ digest: d('b') }))).toBeNull();
    expect(
      evaluateContainer(ref, local, rules, outcome({ status: 'rate-limited', digest: d('b') })),
    ).toBeNull();
  });

  it('prefers a newer tag over a new digest', () => {
    expect(
      evaluateContainer(ref, local, rules, outcome({ digest: d('b'), tags: ['1.0.0', '1.1.0'] })),
    ).toMatchObject({
      kind: 'minor',
      availableTag: '1.1.0',
    });
  });

  it('only counts RepoDigests of the same repository', () => {
    expect(localDigests(ref, [...local, 'garbage@@', `10.231.0.10:5000/lab/other@${d('e')}`])).toEqual([
      d('a'),
    ]);
  });
});

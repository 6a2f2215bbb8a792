import { describe, expect, it } from 'vitest';
import { rankTagChoices } from '../../electron/core/deploy/tag-choices';

const rank = (current: string | null, tags: string[], includePrereleases = false, limit = 200) =>
  rankTagChoices(current, tags, { includePrereleases, limit });

describe('rankTagChoices', () => {
  it('orders versions newest first with their kind relative to the running tag', () => {
    const result = rank('1.2.3', ['1.2.3', '1.2.10', '1.0.0', 'latest', '2.0.0', '1.3.0', '1.2.2']);
    expect(result.tags).toEqual([
      { tag: '2.0.0', kind: 'major' },
      { tag: '1.3.0', kind: 'minor' },
      { tag: '1.2.10', kind: 'patch' },
      { tag: '1.2.3', kind: 'current' },
      { tag: '1.2.2', kind: 'older' },
      { tag: '1.0.0', kind: 'older' },
      { tag: 'latest', kind: 'other' },
    ]);
    expect(result.total).toBe(7);
  });

  it('calls versions of another shape "other" but still sorts them by version', () => {
    expect(rank('v1.0.0', ['v1.1', 'v1.1.0', '1.5.0', 'v1.1.0-alpine', 'edge']).tags).toEqual([
      { tag: '1.5.0', kind: 'other' },
      { tag: 'v1.1.0', kind: 'minor' },
      { tag: 'v1.1.0-alpine', kind: 'other' },
      { tag: 'v1.1', kind: 'other' },
      { tag: 'edge', kind: 'other' },
    ]);
  });

  it('marks everything "other" when the container runs a tag that is no version, or none', () => {
    expect(rank('latest', ['1.0.0', 'latest']).tags).toEqual([
      { tag: '1.0.0', kind: 'other' },
      { tag: 'latest', kind: 'current' },
    ]);
    expect(rank(null, ['b', 'a']).tags).toEqual([
      { tag: 'a', kind: 'other' },
      { tag: 'b', kind: 'other' },
    ]);
  });

  it('leaves pre-releases out unless enabled or the running tag is one', () => {
    const tags = ['1.0.0', '1.1.0-rc1', '1.1.0'];
    expect(rank('1.0.0', tags).tags.map((choice) => choice.tag)).toEqual(['1.1.0', '1.0.0']);
    expect(rank('1.0.0', tags, true).tags).toContainEqual({ tag: '1.1.0-rc1', kind: 'minor' });
    expect(rank('1.1.0-rc1', tags).tags).toEqual([
      { tag: '1.1.0', kind: 'minor' },
      { tag: '1.1.0-rc1', kind: 'current' },
      { tag: '1.0.0', kind: 'older' },
    ]);
  });

  it('caps the list to the newest, counting all offered', () => {
    const tags = Array.from({ length: 300 }, (_, index) => `1.0.${index}`);
    const result = rank('1.0.0', tags, false, 200);
    expect(result.tags).toHaveLength(200);
    expect(result.tags[0]).toEqual({ tag: '1.0.299', kind: 'patch' });
    expect(result.total).toBe(300);
  });
});

import { describe, expect, it } from 'vitest';
import { findNewerTag, findVersionSteps, parseTagVersion } from '../../electron/core/updates/tag-versions';

const all = () => true;
const newer = (
  current: string,
  tags: string[],
  includePrereleases = false,
  allowed: (tag: string) => boolean = all,
) => findNewerTag(current, tags, { includePrereleases, allowed });

describe('parseTagVersion', () => {
  it.each([
    ['1.2.3', '', [1, 2, 3], '', null],
    ['v1.2.3', 'v', [1, 2, 3], '', null],
    ['1.25-alpine', '', [1, 25], '-alpine', null],
    ['2.0.0-rc1', '', [2, 0, 0], '', 'rc.1'],
    ['2.0.0-beta.2', '', [2, 0, 0], '', 'beta.2'],
    ['16', '', [16], '', null],
    ['release-3.4', 'release-', [3, 4], '', null],
    ['1.2.3.4', '', [1, 2, 3, 4], '', null],
  ])('%s', (tag, prefix, numbers, suffix, prerelease) => {
    expect(parseTagVersion(tag)).toMatchObject({ prefix, numbers, suffix, prerelease });
  });

  it.each(['latest', 'stable', 'main', '5e0f2a1', 'sha-abc', ''])('%s is not a version', (tag) => {
    expect(parseTagVersion(tag)).toBeNull();
  });
});

describe('findNewerTag', () => {
  it('classifies patch, minor and major against the highest newer tag', () => {
    expect(newer('1.0.0', ['1.0.0', '1.0.1'])).toEqual({ tag: '1.0.1', kind: 'patch' });
    expect(newer('1.0.0', ['1.0.1', '1.1.0'])).toEqual({ tag: '1.1.0', kind: 'minor' });
    expect(newer('1.0.0', ['1.0.1', '1.1.0', '2.0.0', 'latest'])).toEqual({ tag: '2.0.0', kind: 'major' });
    expect(newer('2.0.0', ['1.0.0', '1.1.0', '2.0.0'])).toBeNull();
  });

  it('keeps the shape and prefix of the current tag', () => {
    expect(newer('v1.2.3', ['v1.3.0', '1.9.0', 'v2.0'])).toEqual({ tag: 'v1.3.0', kind: 'minor' });
    expect(newer('1.25-alpine', ['1.27', '1.27-alpine', '1.26-bookworm'])).toEqual({
      tag: '1.27-alpine',
      kind: 'minor',
    });
    expect(newer('1.25', ['1.25.3', '1.26', '2'])).toEqual({ tag: '1.26', kind: 'minor' });
    expect(newer('16', ['16.1', '17', '17-alpine'])).toEqual({ tag: '17', kind: 'major' });
  });

  it('offers pre-releases only when enabled or when running one', () => {
    expect(newer('v1.2.3', ['v1.3.0', 'v2.0.0-rc1'])).toEqual({ tag: 'v1.3.0', kind: 'minor' });
    expect(newer('v1.2.3', ['v1.3.0', 'v2.0.0-rc1'], true)).toEqual({ tag: 'v2.0.0-rc1', kind: 'major' });
    expect(newer('2.0.0-rc1', ['2.0.0-rc2', '1.9.0'])).toEqual({ tag: '2.0.0-rc2', kind: 'patch' });
    expect(newer('2.0.0-rc1', ['2.0.0-rc2', '2.0.0'])).toMatchObject({ tag: '2.0.0' });
  });

  it('compares numerically, not as text (rc10 > rc9, 1.10 > 1.9)', () => {
    expect(newer('1.9.0', ['1.10.0', '1.9.9'])).toEqual({ tag: '1.10.0', kind: 'minor' });
    expect(newer('1.0.0-rc9', ['1.0.0-rc10'])).toMatchObject({ tag: '1.0.0-rc10' });
    expect(newer('1.2.3.4', ['1.2.3.5', '1.2.3.10'])).toEqual({ tag: '1.2.3.10', kind: 'patch' });
  });

  it('applies the include/exclude filter to candidates', () => {
    expect(newer('1.0.0', ['1.1.0', '2.0.0'], false, (tag) => !tag.startsWith('2.'))).toEqual({
      tag: '1.1.0',
      kind: 'minor',
    });
    expect(newer('latest', ['1.0.0'])).toBeNull();
  });
});

describe('findVersionSteps', () => {
  const steps = (current: string, tags: string[], allowed: (tag: string) => boolean = all) =>
    findVersionSteps(current, tags, { includePrereleases: false, allowed });

  it('offers the newest of each kind, safest first, so the patch is visible beside the major', () => {
    expect(steps('1.0.0', ['1.0.1', '1.0.5', '1.1.0', '1.2.3', '2.0.0', '3.1.0', 'latest'])).toEqual([
      { kind: 'patch', tag: '1.0.5' },
      { kind: 'minor', tag: '1.2.3' },
      { kind: 'major', tag: '3.1.0' },
    ]);
    expect(steps('1.0.0', ['1.1.0', '2.0.0'])).toEqual([
      { kind: 'minor', tag: '1.1.0' },
      { kind: 'major', tag: '2.0.0' },
    ]);
  });

  it('leaves out kinds the rules exclude, and has nothing for an up-to-date tag', () => {
    expect(steps('1.0.0', ['1.0.1', '2.0.0'], (tag) => !tag.startsWith('2.'))).toEqual([
      { kind: 'patch', tag: '1.0.1' },
    ]);
    expect(steps('2.0.0', ['1.0.0', '2.0.0'])).toEqual([]);
  });
});

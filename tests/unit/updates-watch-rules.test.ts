import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/schemas/settings';
import { resolveWatchRules, tagAllowed } from '../../electron/core/updates/watch-rules';

const byDefault = DEFAULT_SETTINGS;
const optIn = { ...DEFAULT_SETTINGS, watchByDefault: false };

describe('resolveWatchRules', () => {
  it('watches by default, digest and tags', () => {
    expect(resolveWatchRules({}, byDefault)).toMatchObject({
      watch: true,
      watchDigest: true,
      watchTags: true,
    });
  });

  it('skips containers any tool disabled', () => {
    for (const labels of <Array<Record<string, string>>>[
      { 'diun.enable': 'false' },
      { 'wud.watch': 'false' },
      { 'com.centurylinklabs.watchtower.enable': 'false' },
      { 'diun.enable': 'true', 'com.centurylinklabs.watchtower.enable': 'false' },
    ]) {
      const rules = resolveWatchRules(labels, byDefault);
      expect(rules.watch).toBe(false);
      expect(rules.reason).toContain('label');
    }
  });

  it('opts in with an enable label when watch-by-default is off', () => {
    expect(resolveWatchRules({}, optIn).watch).toBe(false);
    expect(resolveWatchRules({ 'diun.enable': 'true' }, optIn).watch).toBe(true);
    expect(resolveWatchRules({ 'wud.watch': 'true' }, optIn).watch).toBe(true);
    expect(resolveWatchRules({ 'com.centurylinklabs.watchtower.enable': 'true' }, optIn).watch).toBe(true);
  });

  it('reads watch_repo, watch.digest and tag patterns', () => {
    const rules = resolveWatchRules(
      {
        'diun.watch_repo': 'false',
        'wud.watch.digest': 'false',
        'diun.include_tags': '^1\\.;^2\\.',
        'diun.exclude_tags': '-rc',
        'wud.tag.exclude': '^2\\.1',
      },
      byDefault,
    );
    expect(rules).toMatchObject({ watch: true, watchDigest: false, watchTags: false });
    expect(tagAllowed('1.4.0', rules)).toBe(true);
    expect(tagAllowed('3.0.0', rules)).toBe(false);
    expect(tagAllowed('2.0.0-rc', rules)).toBe(false);
    expect(tagAllowed('2.1.0', rules)).toBe(false);
    expect(tagAllowed('2.2.0', rules)).toBe(true);
    expect(tagAllowed('x', { include: [], exclude: [] })).toBe(true);
  });

  it('reports a broken pattern instead of throwing', () => {
    const rules = resolveWatchRules({ 'wud.tag.include': '([' }, byDefault);
    expect(rules.watch).toBe(false);
    expect(rules.reason).toContain('not a valid regular expression');
  });
});

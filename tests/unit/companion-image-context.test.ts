/** What the companion's container image takes from node_modules (packaging/companion/image-context.ts). */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isForeignPrebuild, runtimePackages } from '../../packaging/companion/image-context';
import { PROJECT_ROOT } from '../support/built-app';

describe('companion image context', () => {
  it('keeps only this system’s prebuilt addons', () => {
    expect(isForeignPrebuild(join('prebuilds', 'linux-x64.node'), 'linux', 'x64')).toBe(false);
    expect(isForeignPrebuild(join('prebuilds', 'linux-x64', 'node.napi.node'), 'linux', 'x64')).toBe(false);
    expect(isForeignPrebuild(join('prebuilds', 'linuxmusl-x64.node'), 'linux', 'x64')).toBe(true);
    expect(isForeignPrebuild(join('prebuilds', 'darwin-arm64.node'), 'linux', 'x64')).toBe(true);
    expect(isForeignPrebuild(join('prebuilds', 'linux-x64.node'), 'linux', 'arm64')).toBe(true);
    expect(isForeignPrebuild(join('build', 'Release', 'addon.node'), 'linux', 'x64')).toBe(false);
    expect(isForeignPrebuild('prebuilds', 'linux', 'x64')).toBe(false);
  });

  it('follows dependencies the way Node resolves them, and only those', () => {
    const packages = runtimePackages(PROJECT_ROOT, ['dockerode']);
    const names = packages.map((path) =>
      path.slice(path.lastIndexOf('node_modules') + 'node_modules/'.length),
    );
    expect(names).toContain('dockerode');
    expect(names).toContain('docker-modem');
    expect(names).toContain('ssh2');
    expect(names).not.toContain('react');
    expect(names).not.toContain('electron');
    expect(new Set(packages).size).toBe(packages.length);
  });

  it('refuses a package that is not installed', () => {
    expect(() => runtimePackages(PROJECT_ROOT, ['no-such-package-tw'])).toThrow(
      /no-such-package-tw.*not installed/,
    );
  });
});

describe('companion systemd unit', () => {
  it('passes systemd-analyze verify without a warning', () => {
    // systemd-analyze reports unknown or malformed directives on stderr and still exits 0.
    const dir = mkdtempSync(join(tmpdir(), 'tw-unit-'));
    try {
      const unit = join(dir, 'tidewatch-companion.service');
      copyFileSync(join(PROJECT_ROOT, 'packaging', 'companion', 'tidewatch-companion.service'), unit);
      const result = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
      expect(result.error).toBeUndefined();
      expect(result.stderr.trim()).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { isUnder, newestFirst } from '../../electron/core/workloads/workload-deployer';
import {
  dnsSafe,
  instanceContainerName,
  slotAliases,
  stageHostname,
  tagMatches,
} from '../../electron/core/workloads/workload-naming';

const naming = {
  workloadDomain: 'example.test',
  subdomainPattern: 'stage-{stage}-{project}',
  tagSubdomainPattern: '{stage}-{project}-{tag}',
};

describe('workload naming', () => {
  it('makes tags DNS-safe: lowercase, dots to dashes, capped, never empty', () => {
    expect(dnsSafe('V1.2.0')).toBe('v1-2-0');
    expect(dnsSafe('feature/Login__Page')).toBe('feature-login-page');
    expect(dnsSafe('a'.repeat(80))).toHaveLength(30);
    expect(dnsSafe('...')).toBe('x');
  });

  it('builds stage and instance hostnames from the patterns, a stage subdomain or a full domain', () => {
    expect(stageHostname(naming, 'web', { name: 'dev', subdomain: null }, null)).toBe(
      'stage-dev-web.example.test',
    );
    expect(stageHostname(naming, 'web', { name: 'dev', subdomain: null }, 'dev-1.2')).toBe(
      'dev-web-dev-1-2.example.test',
    );
    expect(stageHostname(naming, 'web', { name: 'prod', subdomain: 'launcher' }, null)).toBe(
      'launcher.example.test',
    );
    expect(stageHostname(naming, 'web', { name: 'prod', subdomain: 'App.Other.org' }, null)).toBe(
      'app.other.org',
    );
  });

  it('matches tags by glob and names containers and slots uniquely', () => {
    expect(tagMatches('dev-*', 'dev-12')).toBe(true);
    expect(tagMatches('dev-*', 'v1.0.0')).toBe(false);
    expect(tagMatches('v*', 'v1.0.0')).toBe(true);
    expect(instanceContainerName('web', 'dev', 'dev.3', 17)).toBe('web-dev-dev-3-17');
    expect(slotAliases('web', 'prod')).toEqual(['tw-web-prod-a', 'tw-web-prod-b']);
  });

  it('orders tags newest first: semver, then natural order', () => {
    expect(newestFirst(['1.9.0', 'v1.10.0', 'dev-9', 'dev-10', '1.10.0-rc1'])).toEqual([
      'v1.10.0',
      '1.10.0-rc1',
      '1.9.0',
      'dev-10',
      'dev-9',
    ]);
  });

  it('keeps bind mounts under the allowed base path', () => {
    expect(isUnder('/srv/apps/web/data', '/srv/apps')).toBe(true);
    expect(isUnder('/srv/apps', '/srv/apps')).toBe(true);
    expect(isUnder('/srv/apps2/x', '/srv/apps')).toBe(false);
    expect(isUnder('/srv/apps/../etc', '/srv/apps')).toBe(false);
    expect(isUnder('/etc', '/srv/apps')).toBe(false);
  });
});

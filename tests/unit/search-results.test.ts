/** The search across hosts: every word must match, results grouped by host, capped per host. */
import { describe, expect, it } from 'vitest';
import type { Container } from '@shared/schemas/containers';
import {
  firstResults,
  HITS_PER_HOST,
  HITS_SHOWN,
  searchFleet,
} from '../../renderer/src/features/search/search-results';

const container = (name: string, extra: Partial<Container> = {}): Container => ({
  hostId: 'h1',
  id: `id-${name}`,
  name,
  image: `registry/${name}:1.0`,
  imageId: 'sha256:x',
  state: 'running',
  health: 'none',
  status: 'Up',
  ports: [],
  created: '2026-12-01T00:00:00.000Z',
  composeProject: null,
  composeService: null,
  labels: {},
  repoDigests: [],
  ...extra,
});

const hosts = [
  {
    hostId: 'h1',
    hostName: 'prod-1',
    containers: [
      container('shop-web', { composeProject: 'shop' }),
      container('shop-db', { composeProject: 'shop' }),
    ],
  },
  { hostId: 'h2', hostName: 'prod-2', containers: [container('blog')] },
];

describe('search across hosts', () => {
  it('finds containers, projects and images, grouped by host, every word matching', () => {
    const results = searchFleet(hosts, 'shop web');
    expect(results).toHaveLength(1);
    expect(results[0]?.hostName).toBe('prod-1');
    expect(results[0]?.hits.map((hit) => [hit.kind, hit.label])).toEqual([
      ['container', 'shop-web'],
      ['image', 'registry/shop-web:1.0'],
    ]);
    expect(results[0]?.hits[0]?.path).toBe('/hosts/h1/containers/shop-web');
    expect(searchFleet(hosts, 'SHOP').flatMap((r) => r.hits.map((hit) => hit.kind))).toContain('project');
    expect(searchFleet(hosts, '   ')).toEqual([]);
    expect(searchFleet(hosts, 'nothing-like-this')).toEqual([]);
  });

  it('caps the hits per host', () => {
    const many = [
      { hostId: 'h', hostName: 'h', containers: Array.from({ length: 30 }, (_, i) => container(`app-${i}`)) },
    ];
    expect(searchFleet(many, 'app')[0]?.hits).toHaveLength(HITS_PER_HOST);
  });

  it('draws whole hosts up to the overall cap and counts the hosts left out', () => {
    const fleet = Array.from({ length: 25 }, (_, h) => ({
      hostId: `h${h}`,
      hostName: `site-${h}`,
      containers: Array.from({ length: 20 }, (_, i) => container(`app-${i}`)),
    }));
    const { shown, moreHosts } = firstResults(searchFleet(fleet, 'app'));
    const perHost = HITS_PER_HOST;
    expect(shown).toHaveLength(Math.floor(HITS_SHOWN / perHost));
    expect(shown.every((result) => result.hits.length === perHost)).toBe(true);
    expect(moreHosts).toBe(25 - shown.length);
    // A narrow query fits: everything shown, nothing left out.
    expect(firstResults(searchFleet(hosts, 'blog'))).toEqual({
      shown: searchFleet(hosts, 'blog'),
      moreHosts: 0,
    });
  });
});

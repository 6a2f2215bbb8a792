/**
 * compose.action: its validation through the real dispatcher (unknown host, bad action, bad project name),
 * an unknown project, and the order compose's labels give (dependencies first, cycles do not hang).
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import type { Container } from '@shared/schemas/containers';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import {
  ComposeProjects,
  dependencyLevels,
  parseDependsOn,
  type ComposeMember,
} from '../../electron/core/docker/compose-projects';
import type { Engine } from '../../electron/core/docker/docker-engine';
import {
  composeProjectInfo,
  composeResultNotice,
} from '../../renderer/src/features/containers/list/compose-project';
import { makeTestCore, type TestCore } from './foundation/test-core';

const GHOST = '00000000-0000-4000-8000-000000000000';

describe('compose.action input', () => {
  let test: TestCore;
  let client: TidewatchClient;
  let hostId: string;

  beforeAll(async () => {
    test = makeTestCore();
    client = createClient(createMemoryTransport(test.core.dispatcher, test.core.events));
    client.ready();
    // A saved host that is never connected: validation must answer before any connection is tried.
    hostId = (
      await client.call('hosts.create', {
        name: 'saved',
        address: '127.0.0.1',
        user: 'ada',
        auth: { kind: 'agent' },
      })
    ).id;
  });
  afterAll(() => test.dispose());

  it('answers NOT_FOUND for an unknown host', async () => {
    await expect(
      client.call('compose.action', { hostId: GHOST, project: 'shop', action: 'start' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['an action it does not offer', { action: 'down' }],
    ['a project name that could be a path', { project: '../etc' }],
    ['an empty project name', { project: '' }],
    ['a negative timeout', { action: 'stop', timeoutSeconds: -1 }],
    ['an unknown field', { force: true }],
  ])('answers VALIDATION for %s', async (_, change) => {
    await expect(
      client.call('compose.action', { hostId, project: 'shop', action: 'start', ...change } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('an unknown project', () => {
  it('is NOT_FOUND, asked of the engine by label only', async () => {
    const asked: unknown[] = [];
    // The engine is the one thing faked here: a Docker API that knows no container of the project.
    const engine = {
      docker: {
        listContainers: (options: unknown) => {
          asked.push(options);
          return Promise.resolve([]);
        },
      } as unknown as Docker,
      transport: 'streamlocal',
      socketPath: '/var/run/docker.sock',
      close: () => undefined,
    } satisfies Engine;
    const projects = new ComposeProjects(() => Promise.resolve(engine));
    await expect(projects.act('h1', 'no-such-project', 'restart')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no-such-project'),
    });
    expect(asked).toEqual([
      { all: true, filters: { label: ['com.docker.compose.project=no-such-project'] } },
    ]);
  });
});

function member(service: string, dependsOn: string[] = [], number = 1): ComposeMember {
  return { id: `${service}-${number}`, name: `shop-${service}-${number}`, service, dependsOn, number };
}
const names = (levels: ComposeMember[][]) => levels.map((level) => level.map((m) => m.name));

describe('dependency order', () => {
  it('reads the services out of the depends_on label', () => {
    expect(parseDependsOn('db:service_healthy:false,cache:service_started:true')).toEqual(['db', 'cache']);
    expect(parseDependsOn('db')).toEqual(['db']);
    expect(parseDependsOn('')).toEqual([]);
    expect(parseDependsOn(undefined)).toEqual([]);
  });

  it('puts dependencies first, replicas of one service together by number', () => {
    const levels = dependencyLevels([
      member('web', ['api'], 2),
      member('api', ['db', 'cache']),
      member('web', ['api'], 1),
      member('db'),
      member('cache'),
    ]);
    expect(names(levels)).toEqual([
      ['shop-cache-1', 'shop-db-1'],
      ['shop-api-1'],
      ['shop-web-1', 'shop-web-2'],
    ]);
  });

  it('ignores dependencies outside the project and on itself', () => {
    const levels = dependencyLevels([member('web', ['elsewhere', 'web']), member('db')]);
    expect(names(levels)).toEqual([['shop-db-1', 'shop-web-1']]);
  });

  it('does not hang on a cycle: what is left goes last, together', () => {
    const levels = dependencyLevels([member('a', ['b']), member('b', ['a']), member('db')]);
    expect(names(levels)).toEqual([['shop-db-1'], ['shop-a-1', 'shop-b-1']]);
  });
});

function container(name: string, labels: Record<string, string>, created: string): Container {
  return {
    hostId: 'h1',
    id: name,
    name,
    image: 'lab/web:1.0',
    imageId: 'sha256:x',
    state: 'running',
    health: 'none',
    status: 'Up',
    ports: [],
    created,
    composeProject: 'shop',
    composeService: 'web',
    labels,
    repoDigests: [],
  };
}

describe('the grouped view of a project', () => {
  it('shows the working dir and config files of the most recent up', () => {
    const older = container(
      'shop-db-1',
      {
        'com.docker.compose.project.working_dir': '/srv/old',
        'com.docker.compose.project.config_files': '/srv/old/compose.yaml',
      },
      '2026-01-01T00:00:00.000Z',
    );
    const newer = container(
      'shop-web-1',
      {
        'com.docker.compose.project.working_dir': '/srv/shop',
        'com.docker.compose.project.config_files': '/srv/shop/compose.yaml, /srv/shop/override.yaml',
      },
      '2026-02-01T00:00:00.000Z',
    );
    const unlabelled = container('shop-x-1', {}, '2026-03-01T00:00:00.000Z');
    expect(composeProjectInfo([older, newer, unlabelled])).toEqual({
      workingDir: '/srv/shop',
      configFiles: ['/srv/shop/compose.yaml', '/srv/shop/override.yaml'],
    });
    expect(composeProjectInfo([unlabelled])).toEqual({ workingDir: null, configFiles: [] });
  });

  it('says what was done, or names what failed and why', () => {
    const base = { hostId: 'h1', project: 'shop', action: 'start' as const };
    const done = (name: string) => ({
      containerId: name,
      name,
      service: 'web',
      outcome: 'done' as const,
      state: 'running' as const,
      message: null,
    });
    expect(composeResultNotice({ ...base, results: [done('shop-db-1'), done('shop-web-1')] })).toEqual({
      ok: true,
      title: 'Started shop',
      message: '2 containers: shop-db-1, shop-web-1',
    });
    const notice = composeResultNotice({
      ...base,
      results: [
        { ...done('shop-db-1'), outcome: 'failed', state: 'created', message: 'Starting shop-db-1: boom' },
        { ...done('shop-web-1'), outcome: 'skipped', state: 'created', message: 'Not started: db failed' },
      ],
    });
    expect(notice).toEqual({
      ok: false,
      title: 'shop: 2 of 2 containers not started',
      message: 'shop-db-1: Starting shop-db-1: boom\nshop-web-1: Not started: db failed',
    });
  });
});

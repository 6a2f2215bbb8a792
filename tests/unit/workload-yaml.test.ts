import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workload } from '@shared/schemas/workloads';
import { workloadSchema, yamlChangeSchema, yamlProblemSchema } from '@shared/schemas/workloads';
import {
  diffSeed,
  envSecretId,
  exportSeed,
  hostResolver,
  parseSeed,
  planSeedImport,
  registrySecretId,
  SECRET_REF,
  secretLocations,
  toWorkloadInputs,
  type CurrentConfig,
  type SeedConfig,
  type SeedImportPlan,
  type YamlChange,
} from '../../electron/core/workloads/workload-yaml';

const FIXTURE = readFileSync(resolve(import.meta.dirname, '../fixtures/docker-watcher.example.yaml'), 'utf8');
const HOST_A = '3f0c2a64-0000-4000-8000-00000000000a';
const HOST_B = '3f0c2a64-0000-4000-8000-00000000000b';
const FIXTURE_SECRETS = ['npm-pass-7f3a', 'forge-token-91c2'];

function emptyConfig(): CurrentConfig {
  return {
    settings: {
      workloadDomain: '',
      workloadNetwork: 'tidewatch',
      subdomainPattern: '{stage}-{project}',
      tagSubdomainPattern: '{stage}-{project}-{tag}',
    },
    hosts: [
      { id: HOST_A, name: 'dock1' },
      { id: HOST_B, name: 'dock2' },
    ],
    defaultHostId: HOST_A,
    registries: [],
    proxies: [],
    workloads: [],
    secretValues: new Map(),
  };
}

function parsed(text: string): SeedConfig {
  const result = parseSeed(text);
  if (!result.ok) throw new Error(`expected a seed, got ${JSON.stringify(result.problems)}`);
  return result.seed;
}

function problemsOf(text: string): Array<{ line: number | null; message: string }> {
  const result = parseSeed(text);
  if (result.ok) throw new Error('expected problems, got a seed');
  for (const problem of result.problems) yamlProblemSchema.parse(problem);
  return result.problems;
}

function notSame(changes: YamlChange[]): YamlChange[] {
  return changes.filter((item) => item.kind !== 'same');
}

/**
 * What the import handler does through the repositories, done on the plain config: the test's stand-in
 * for the database, so "apply twice" can be checked without one.
 */
let nextId = 100;
function applyPlan(before: CurrentConfig, plan: SeedImportPlan): CurrentConfig {
  if (!plan.ok) throw new Error(`plan not applicable: ${JSON.stringify(plan.problems)}`);
  const after: CurrentConfig = structuredClone(before);
  const secrets = after.secretValues ?? new Map<string, string>();
  after.secretValues = secrets;
  Object.assign(after.settings, plan.settings);
  if (plan.npm) {
    const { hostId, url, email, password } = plan.npm;
    const had = before.proxies.find((proxy) => proxy.hostId === hostId)?.npmPasswordSet ?? false;
    after.proxies = after.proxies.filter((proxy) => proxy.hostId !== hostId);
    after.proxies.push({
      hostId,
      kind: 'npm',
      npmUrl: url,
      npmEmail: email,
      npmPasswordSet: password === 'inline' || (password === 'stored' && had),
    });
  }
  for (const { registry, existingId } of plan.registries) {
    const existing = after.registries.find((item) => item.id === existingId);
    const row = existing ?? {
      id: nextId++,
      name: '',
      host: registry.host,
      username: null,
      hasSecret: false,
      insecure: false,
    };
    Object.assign(row, {
      name: registry.name,
      username: registry.username,
      insecure: registry.insecure,
      hasSecret: registry.token === 'inline' || (registry.token === 'stored' && row.hasSecret),
    });
    if (registry.token === null) secrets.delete(registrySecretId(registry.host));
    if (!existing) after.registries.push(row);
  }
  for (const secret of plan.secrets) if (secret.id) secrets.set(secret.id, secret.value);
  for (const { input, existingId } of plan.workloads) {
    const id = existingId ?? nextId++;
    const old = after.workloads.find((item) => item.id === id);
    const workload: Workload = workloadSchema.parse({
      ...input,
      id,
      env: input.env.map((entry) => ({ ...entry, value: entry.secret ? null : entry.value })),
      stages: input.stages.map((stage, index) => ({
        ...stage,
        id: old?.stages.find((item) => item.name === stage.name)?.id ?? id * 100 + index,
        pendingTag: null,
        deployedDigest: null,
      })),
      createdAt: '2026-12-03T00:00:00Z',
      updatedAt: '2026-12-03T00:00:00Z',
    });
    after.workloads = [...after.workloads.filter((item) => item.id !== id), workload];
  }
  return after;
}

describe('parseSeed: the Docker Watcher example', () => {
  it('reads globals, the NPM section, registries and projects with their stages', () => {
    const seed = parsed(FIXTURE);
    expect(seed.global).toEqual({
      domain: 'apps.example.test',
      network: 'preview-net',
      subdomainPattern: 'stage-{stage}-{project}',
      // Docker Watcher's convention for a tag's own subdomain, when the file gives none.
      tagSubdomainPattern: 'stage-{stage}-{project}-{tag}',
      serverIp: '192.0.2.10',
      notificationUrl: 'https://hooks.example.test/deploys',
      npm: {
        host: null,
        url: 'http://npm.internal:81',
        email: 'deployer@example.test',
        password: 'inline',
        line: 9,
      },
    });
    expect(seed.registries).toEqual([
      {
        name: 'forge',
        host: 'forge.example.test',
        username: 'ci-bot',
        insecure: false,
        type: 'gitea',
        token: 'inline',
        line: 15,
      },
    ]);
    expect(seed.projects).toHaveLength(1);
    const project = seed.projects[0];
    expect(project).toMatchObject({
      name: 'notes-api',
      host: null,
      registry: 'forge',
      image: 'forge.example.test/team/notes-api',
      port: 8080,
      healthPath: '/healthz',
      volumes: [],
      cpus: null,
      memoryMb: null,
      network: null,
      line: 22,
    });
    expect(project?.env).toEqual([
      { key: 'APP_MODE', value: 'production', secret: false, source: null },
      { key: 'WORKERS', value: '4', secret: false, source: null },
    ]);
    expect(project?.stages).toEqual([
      {
        name: 'dev',
        tagPattern: 'dev-*',
        autoDeploy: true,
        maxInstances: 4,
        confirm: false,
        promoteFrom: null,
        subdomain: null,
        pinnedTag: null,
        swarmService: null,
      },
      {
        name: 'rel',
        tagPattern: 'v*',
        autoDeploy: false,
        maxInstances: 2,
        confirm: false,
        promoteFrom: null,
        subdomain: null,
        pinnedTag: null,
        swarmService: null,
      },
      {
        name: 'prod',
        tagPattern: 'v*',
        autoDeploy: false,
        maxInstances: 1,
        confirm: true,
        promoteFrom: 'rel',
        subdomain: 'notes',
        pinnedTag: null,
        swarmService: null,
      },
    ]);
  });

  it('moves every secret value out of the structure into `secrets`', () => {
    const seed = parsed(FIXTURE);
    const { secrets, ...rest } = seed;
    expect(secrets).toEqual([
      { kind: 'npm-password', host: null, value: 'npm-pass-7f3a', line: 12 },
      {
        kind: 'registry-token',
        registry: 'forge',
        host: 'forge.example.test',
        value: 'forge-token-91c2',
        line: 19,
      },
    ]);
    const structure = JSON.stringify(rest);
    for (const value of FIXTURE_SECRETS) expect(structure).not.toContain(value);
  });

  it('maps the projects to workload inputs with defaults, on the default host', () => {
    const seed = parsed(FIXTURE);
    const { workloads, problems } = toWorkloadInputs(seed, hostResolver(emptyConfig()));
    expect(problems).toEqual([]);
    expect(workloads).toEqual([
      {
        name: 'notes-api',
        hostId: HOST_A,
        image: 'forge.example.test/team/notes-api',
        port: 8080,
        healthPath: '/healthz',
        env: [
          { key: 'APP_MODE', value: 'production', secret: false },
          { key: 'WORKERS', value: '4', secret: false },
        ],
        volumes: [],
        cpus: null,
        memoryMb: null,
        network: null,
        stages: seed.projects[0]?.stages,
      },
    ]);
  });

  it('reports a project on an unknown host, or with no host and no default, at its line', () => {
    const seed = parsed(
      `projects:\n  web:\n    host: nowhere\n    image: r.example/web\n    port: 80\n    stages: {dev: {tag_pattern: "*"}}\n  api:\n    image: r.example/api\n    port: 81\n    stages: {dev: {tag_pattern: "*"}}\n`,
    );
    const withDefault = toWorkloadInputs(seed, hostResolver(emptyConfig()));
    expect(withDefault.workloads.map((item) => item.name)).toEqual(['api']);
    expect(withDefault.problems).toEqual([
      { line: 3, message: expect.stringContaining('no Tidewatch host "nowhere"') },
    ]);
    const noDefault = toWorkloadInputs(seed, hostResolver({ ...emptyConfig(), defaultHostId: null }));
    expect(noDefault.problems.map((item) => item.line)).toEqual([3, 7]);
    expect(noDefault.problems[1]?.message).toContain('no default host');
  });
});

describe('parseSeed: extensions', () => {
  const EXTENDED = `global:
  tag_subdomain_pattern: "{project}-{tag}"
  npm:
    host: dock2
    url: https://npm.example.test
    password: "\${stored}"
registries:
  lab:
    url: http://10.0.0.5:5000/
    username: bot
    token: "\${stored}"
projects:
  web:
    host: dock2
    registry: lab
    image: team/web
    port: 3000
    health_path: /up
    env: {A: "1"}
    secret_env:
      DB_PASSWORD: hunter2-db
      API_KEY: "\${stored}"
    volumes:
      - {kind: volume, name: web-data, target: /data}
      - {kind: bind, source: /srv/web, target: /cfg, read_only: true}
      - {kind: tmpfs, target: /tmp, size_mb: 64}
    cpus: 1.5
    memory_mb: 512
    network: web-net
    stages:
      live:
        tag_pattern: "*"
        pinned_tag: stable
        swarm_service: web-live
`;

  it('reads host, health_path, secret_env, volumes, limits, network, pinned_tag, swarm_service and plain-HTTP registries', () => {
    const seed = parsed(EXTENDED);
    expect(seed.global).toEqual({
      tagSubdomainPattern: '{project}-{tag}',
      npm: { host: 'dock2', url: 'https://npm.example.test', email: null, password: 'stored', line: 3 },
    });
    expect(seed.registries[0]).toMatchObject({ host: '10.0.0.5:5000', insecure: true, token: 'stored' });
    const project = seed.projects[0];
    expect(project).toMatchObject({
      host: 'dock2',
      // A bare repository with a registry lives on that registry.
      image: '10.0.0.5:5000/team/web',
      healthPath: '/up',
      cpus: 1.5,
      memoryMb: 512,
      network: 'web-net',
      volumes: [
        { kind: 'volume', name: 'web-data', target: '/data', readOnly: false },
        { kind: 'bind', source: '/srv/web', target: '/cfg', readOnly: true },
        { kind: 'tmpfs', target: '/tmp', sizeMb: 64 },
      ],
    });
    expect(project?.stages[0]).toMatchObject({
      name: 'live',
      pinnedTag: 'stable',
      maxInstances: 1,
      swarmService: 'web-live',
    });
    expect(project?.env).toEqual([
      { key: 'A', value: '1', secret: false, source: null },
      { key: 'DB_PASSWORD', value: null, secret: true, source: 'inline' },
      { key: 'API_KEY', value: null, secret: true, source: 'stored' },
    ]);
    // Only inline values are secrets to write; references keep the stored ones.
    expect(seed.secrets).toEqual([
      { kind: 'env', project: 'web', host: 'dock2', key: 'DB_PASSWORD', value: 'hunter2-db', line: 21 },
    ]);
  });

  it('gives the inline secret env value to the workload input (the service stores it) and null for a reference', () => {
    const { workloads } = toWorkloadInputs(parsed(EXTENDED), hostResolver(emptyConfig()));
    expect(workloads[0]?.hostId).toBe(HOST_B);
    expect(workloads[0]?.env).toEqual([
      { key: 'A', value: '1', secret: false },
      { key: 'DB_PASSWORD', value: 'hunter2-db', secret: true },
      { key: 'API_KEY', value: null, secret: true },
    ]);
  });

  it('reports an NPM section on an unknown host at its line', () => {
    const plan = planSeedImport(
      emptyConfig(),
      EXTENDED.replace('host: dock2\n    url', 'host: dock9\n    url'),
    );
    expect(plan.ok).toBe(false);
    expect(plan.problems).toEqual([{ line: 3, message: 'global.npm.host: no Tidewatch host "dock9"' }]);
  });

  it('plans secrets with the ids the export and secretValues use', () => {
    const plan = planSeedImport(emptyConfig(), EXTENDED);
    expect(plan.ok).toBe(true);
    expect(plan.secrets.map((item) => [item.kind, item.id])).toEqual([
      ['env', envSecretId(HOST_B, 'web', 'DB_PASSWORD')],
    ]);
  });
});

describe('parseSeed: problems with their lines, and no seed', () => {
  it('broken YAML', () => {
    const problems = problemsOf('global:\n  domain: example.test\n  network: [unclosed\nprojects: {}\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.message).toMatch(/^YAML syntax: /);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('a duplicated key', () => {
    const problems = problemsOf('global:\n  domain: a.example\n  domain: b.example\n');
    expect(problems).toEqual([{ line: 3, message: expect.stringContaining('YAML syntax') }]);
  });

  it('an unknown field at any level, with a suggestion for a typo', () => {
    const text = FIXTURE.replace("tag_pattern: 'dev-*'", "tag_patern: 'dev-*'").replace(
      'server_ip:',
      'serverip:',
    );
    const problems = problemsOf(text);
    expect(problems).toContainEqual({
      line: 5,
      message: 'global: unknown field "serverip" (did you mean "server_ip"?)',
    });
    expect(problems).toContainEqual({
      line: 32,
      message: 'projects.notes-api.stages.dev: unknown field "tag_patern" (did you mean "tag_pattern"?)',
    });
    // The real field is then missing: reported on the stage's line.
    expect(problems).toContainEqual({
      line: 31,
      message: 'projects.notes-api.stages.dev.tag_pattern: required',
    });
    expect(problemsOf('projects: {}\nregistrys: {}\n')).toEqual([
      { line: 2, message: 'unknown field "registrys" (did you mean "registries"?)' },
    ]);
  });

  it('a wrong type and an invalid value', () => {
    const problems = problemsOf(
      FIXTURE.replace('port: 8080', 'port: "eighty"').replace('max_instances: 4', 'max_instances: 40'),
    );
    expect(problems).toEqual([
      { line: 25, message: expect.stringMatching(/^projects\.notes-api\.port: .*number/) },
      { line: 34, message: expect.stringMatching(/^projects\.notes-api\.stages\.dev\.max_instances: .*10/) },
    ]);
    expect(problemsOf('global: [1, 2]\n')).toEqual([
      { line: 1, message: expect.stringContaining('global: ') },
    ]);
    expect(problemsOf(FIXTURE.replace("tag_pattern: 'v*'", 'tag_pattern: 1.10'))).toEqual([
      {
        line: 36,
        message: expect.stringContaining('expected string, received number (put the value in quotes'),
      },
    ]);
  });

  it('a promote_from naming a missing stage, or the stage itself', () => {
    expect(problemsOf(FIXTURE.replace('promote_from: rel', 'promote_from: release'))).toEqual([
      {
        line: 43,
        message: 'projects.notes-api.stages.prod.promote_from: no stage "release" in this project',
      },
    ]);
    expect(problemsOf(FIXTURE.replace('promote_from: rel', 'promote_from: prod'))[0]?.message).toContain(
      'cannot promote from itself',
    );
  });

  it('bad names, references and combinations', () => {
    const base = (project: string): string =>
      `registries:\n  r1:\n    url: https://r.example\nprojects:\n${project}`;
    const stages = '    stages: {dev: {tag_pattern: "*"}}\n';
    expect(problemsOf(base(`  Web_App:\n    image: r.example/x\n    port: 1\n${stages}`))).toEqual([
      { line: 5, message: expect.stringContaining('projects: invalid name: Lowercase letters') },
    ]);
    expect(
      problemsOf(base(`  web:\n    registry: r2\n    image: r.example/x\n    port: 1\n${stages}`)),
    ).toEqual([{ line: 6, message: 'projects.web.registry: no registry "r2" under "registries"' }]);
    expect(
      problemsOf(
        base(
          `  web:\n    image: r.example/x\n    port: 1\n    healthcheck: /a\n    health_path: /b\n${stages}`,
        ),
      ),
    ).toEqual([{ line: 9, message: expect.stringContaining('either "healthcheck" or "health_path"') }]);
    expect(
      problemsOf(
        base(
          `  web:\n    image: r.example/x\n    port: 1\n    env: {K: a}\n    secret_env: {K: b}\n${stages}`,
        ),
      ),
    ).toEqual([{ line: 9, message: 'projects.web.secret_env.K: also given under "env"' }]);
    expect(problemsOf(base(`  web:\n    image: r.example/x\n    port: 1\n    stages: {}\n`))).toEqual([
      { line: 8, message: 'projects.web.stages: at least one stage is needed' },
    ]);
    expect(
      problemsOf(
        base(`  web:\n    image: r.example/x\n    port: 1\n    stages: {Dev: {tag_pattern: "*"}}\n`),
      )[0]?.message,
    ).toContain('projects.web.stages.Dev: invalid name');
  });

  it('a registry token without a username, and a registry URL that names no host', () => {
    expect(problemsOf('registries:\n  g:\n    url: https://g.example\n    token: abc-123\n')).toEqual([
      { line: 4, message: expect.stringContaining('a token needs a "username"') },
    ]);
    expect(problemsOf('registries:\n  g:\n    url: "https://"\n')).toEqual([
      { line: 3, message: expect.stringContaining('Not a registry host') },
    ]);
  });

  it('never repeats a secret value in a problem', () => {
    const leaks = [
      'registries:\n  g:\n    url: https://bot:pw-leak-1@g.example\n',
      'global:\n  npm:\n    password: [pw-leak-1\n',
      'global:\n  npm:\n    password: pw-leak-1\n    pasword: pw-leak-1\n',
      `projects:\n  web:\n    image: r.example/x\n    port: 1\n    secret_env: {K: "${'pw-leak-1'.repeat(500)}"}\n    stages: {dev: {tag_pattern: "*"}}\n`,
    ];
    for (const text of leaks) {
      const problems = problemsOf(text);
      expect(problems.length).toBeGreaterThan(0);
      expect(JSON.stringify(problems)).not.toContain('pw-leak-1');
    }
  });

  it('an alias bomb, several documents, a file that is not a mapping', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [index, name] of ['b', 'c', 'd', 'e'].entries())
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${'abcd'[index]}`).join(', ')}]`);
    expect(problemsOf(bomb.join('\n'))).toEqual([{ line: null, message: expect.stringContaining('alias') }]);
    expect(problemsOf('global: {}\n---\nprojects: {}\n')).toEqual([
      { line: 2, message: expect.stringContaining('one YAML document') },
    ]);
    expect(problemsOf('- global\n')).toEqual([
      { line: 1, message: expect.stringContaining('expected object') },
    ]);
  });

  it('an empty env value is an empty string', () => {
    const seed = parsed(
      'projects:\n  web:\n    image: r.example/x\n    port: 1\n    env: {A: , B: ""}\n    stages: {dev: {tag_pattern: "*"}}\n',
    );
    expect(seed.projects[0]?.env.map((entry) => entry.value)).toEqual(['', '']);
  });

  it('anchors and merge keys, as hand-written seeds use them for shared stage settings', () => {
    const seed = parsed(
      `projects:\n  web:\n    image: r.example/x\n    port: 1\n    stages:\n      dev: &dev\n        tag_pattern: "dev-*"\n        auto_deploy: true\n      qa:\n        <<: *dev\n        max_instances: 3\n`,
    );
    expect(
      seed.projects[0]?.stages.map((stage) => [
        stage.name,
        stage.tagPattern,
        stage.autoDeploy,
        stage.maxInstances,
      ]),
    ).toEqual([
      ['dev', 'dev-*', true, 1],
      ['qa', 'dev-*', true, 3],
    ]);
  });

  it('the same workload twice on one host, once by name and once by default', () => {
    const stages = '    stages: {dev: {tag_pattern: "*"}}\n';
    const seed = parsed(
      `projects:\n  web:\n    host: dock1\n    image: r.example/x\n    port: 1\n${stages}  web-b:\n    name: web\n    image: r.example/x\n    port: 1\n${stages}`,
    );
    const { workloads, problems } = toWorkloadInputs(seed, hostResolver(emptyConfig()));
    expect(workloads).toHaveLength(1);
    expect(problems).toEqual([{ line: 7, message: 'projects.web-b: "web" twice on one host' }]);
  });

  it('an empty file is an empty seed', () => {
    expect(parsed('')).toEqual({ global: {}, registries: [], projects: [], secrets: [] });
  });
});

describe('diffSeed and import idempotence', () => {
  it('on an empty configuration: everything is added or changed', () => {
    const changes = diffSeed(emptyConfig(), parsed(FIXTURE));
    for (const item of changes) yamlChangeSchema.parse(item);
    expect(changes).toContainEqual({
      kind: 'change',
      what: 'global domain',
      detail: '"" → "apps.example.test"',
    });
    expect(changes).toContainEqual({
      kind: 'add',
      what: 'registry forge',
      detail: 'forge.example.test as ci-bot, token',
    });
    expect(changes).toContainEqual({
      kind: 'change',
      what: 'proxy dock1 npm',
      detail:
        'proxy none → npm; url none → "http://npm.internal:81"; email none → "deployer@example.test"; password set',
    });
    expect(changes).toContainEqual({
      kind: 'add',
      what: 'workload notes-api on dock1',
      detail: 'forge.example.test/team/notes-api, port 8080',
    });
    expect(
      changes.filter((item) => item.what.startsWith('stage notes-api/')).map((item) => item.kind),
    ).toEqual(['add', 'add', 'add']);
    expect(changes).toContainEqual({
      kind: 'same',
      what: 'global server_ip',
      detail: expect.stringContaining('not used'),
    });
    // Secret values never appear in a change.
    for (const value of FIXTURE_SECRETS) expect(JSON.stringify(changes)).not.toContain(value);
  });

  it('applying the same seed twice: the second time only `same`', () => {
    const first = planSeedImport(emptyConfig(), FIXTURE);
    expect(first.ok).toBe(true);
    expect(first.settings).toEqual({
      workloadDomain: 'apps.example.test',
      workloadNetwork: 'preview-net',
      subdomainPattern: 'stage-{stage}-{project}',
      tagSubdomainPattern: 'stage-{stage}-{project}-{tag}',
    });
    expect(first.npm).toEqual({
      hostId: HOST_A,
      url: 'http://npm.internal:81',
      email: 'deployer@example.test',
      password: 'inline',
    });
    expect(first.registries.map((item) => [item.registry.name, item.existingId])).toEqual([['forge', null]]);
    const after = applyPlan(emptyConfig(), first);
    const second = planSeedImport(after, FIXTURE);
    expect(notSame(second.changes)).toEqual([]);
    expect(second.workloads.map((item) => item.existingId)).toEqual([after.workloads[0]?.id]);
  });

  it('without the stored secret values, inline secrets show as new (never their values)', () => {
    const after = applyPlan(emptyConfig(), planSeedImport(emptyConfig(), FIXTURE));
    const changes = notSame(diffSeed({ ...after, secretValues: undefined }, parsed(FIXTURE)));
    expect(changes).toEqual([
      { kind: 'change', what: 'proxy dock1 npm', detail: 'new password' },
      { kind: 'change', what: 'registry forge', detail: 'new token' },
    ]);
  });

  it('reports changed fields, stages added, changed and removed, and env changes', () => {
    const after = applyPlan(emptyConfig(), planSeedImport(emptyConfig(), FIXTURE));
    const edited = FIXTURE.replace('port: 8080', 'port: 8081')
      .replace('APP_MODE: production', 'APP_MODE: staging')
      .replace('      WORKERS: 4\n', '    secret_env:\n      TOKEN: abc\n')
      .replace('max_instances: 4', 'max_instances: 3')
      .replace(/ {6}rel:\n(?: {8}.*\n)+/, '      qa:\n        tag_pattern: "qa-*"\n')
      .replace('promote_from: rel', 'promote_from: qa');
    const changes = notSame(diffSeed(after, parsed(edited)));
    expect(changes).toEqual([
      {
        kind: 'change',
        what: 'workload notes-api on dock1',
        detail: 'port 8080 → 8081; env APP_MODE changed; env TOKEN added; env WORKERS removed',
      },
      { kind: 'change', what: 'stage notes-api/dev on dock1', detail: 'max instances 4 → 3' },
      { kind: 'add', what: 'stage notes-api/qa on dock1', detail: 'tags qa-*' },
      { kind: 'change', what: 'stage notes-api/prod on dock1', detail: 'promote from "rel" → "qa"' },
      { kind: 'remove', what: 'stage notes-api/rel on dock1', detail: null },
    ]);
  });

  it('keeps what the file does not name, and says so', () => {
    const after = applyPlan(emptyConfig(), planSeedImport(emptyConfig(), FIXTURE));
    const changes = diffSeed(after, parsed('global:\n  domain: apps.example.test\n'));
    expect(changes).toEqual([
      { kind: 'same', what: 'global domain', detail: null },
      { kind: 'same', what: 'registry forge', detail: 'not in the file: kept' },
      { kind: 'same', what: 'workload notes-api on dock1', detail: 'not in the file: kept' },
    ]);
  });
});

describe('exportSeed', () => {
  function configured(): CurrentConfig {
    const after = applyPlan(emptyConfig(), planSeedImport(emptyConfig(), FIXTURE));
    // A second workload on the other host with the same name, secrets and every extension.
    const extra = planSeedImport(
      after,
      `projects:\n  notes-api:\n    host: dock2\n    image: docker.io/library/nginx\n    port: 80\n    env: {EMPTY: ""}\n    secret_env: {DB_PASSWORD: "db-secret-55"}\n    volumes: [{kind: tmpfs, target: /run}]\n    cpus: 0.5\n    memory_mb: 64\n    network: edge\n    stages:\n      live: {tag_pattern: "1.*", pinned_tag: "1.25", subdomain: notes.other.example}\n`,
    );
    return applyPlan(after, extra);
  }

  it('export → import → no change; secrets as references', () => {
    const current = configured();
    const text = exportSeed(current, { includeSecrets: false });
    for (const value of [...FIXTURE_SECRETS, 'db-secret-55']) expect(text).not.toContain(value);
    expect(text).toContain(`token: ${SECRET_REF}`);
    expect(text).toContain(`DB_PASSWORD: ${SECRET_REF}`);
    const plan = planSeedImport(current, text);
    expect(plan.problems).toEqual([]);
    expect(plan.secrets).toEqual([]);
    expect(notSame(plan.changes)).toEqual([]);
    // Both same-named workloads are there, told apart by host.
    expect(plan.workloads.map((item) => item.existingId).sort()).toEqual(
      current.workloads.map((item) => item.id).sort(),
    );
    // Applying it changes nothing either.
    const reapplied = applyPlan(current, plan);
    expect(reapplied.secretValues).toEqual(current.secretValues);
    expect(notSame(diffSeed(reapplied, parsed(text)))).toEqual([]);
  });

  it('compares volumes by content, whatever order the stored fields come in', () => {
    const current = configured();
    const text = exportSeed(current, { includeSecrets: false });
    for (const workload of current.workloads)
      workload.volumes = workload.volumes.map(
        (volume) => Object.fromEntries(Object.entries(volume).reverse()) as typeof volume,
      );
    expect(current.workloads.some((workload) => workload.volumes.length > 0)).toBe(true);
    expect(notSame(diffSeed(current, parsed(text)))).toEqual([]);
    current.workloads[1]?.volumes.push({ kind: 'tmpfs', target: '/more', sizeMb: null });
    expect(notSame(diffSeed(current, parsed(text)))).toEqual([
      { kind: 'change', what: 'workload notes-api on dock2', detail: 'volumes' },
    ]);
  });

  it('with includeSecrets the values are inlined, and re-importing them is no change', () => {
    const current = configured();
    const text = exportSeed(current, { includeSecrets: true, secrets: current.secretValues ?? new Map() });
    for (const value of [...FIXTURE_SECRETS, 'db-secret-55']) expect(text).toContain(value);
    expect(text).toContain('CONTAINS SECRETS');
    const plan = planSeedImport(current, text);
    expect(plan.secrets.map((item) => item.value).sort()).toEqual(
      [...FIXTURE_SECRETS, 'db-secret-55'].sort(),
    );
    expect(notSame(plan.changes)).toEqual([]);
  });

  it('lists where each stored secret lives, under the ids the export reads', () => {
    const current = configured();
    const locations = secretLocations(current);
    const other = current.workloads.find((item) => item.hostId === HOST_B);
    expect(locations.map((item) => item.location)).toEqual([
      { kind: 'registry', registryId: current.registries[0]?.id },
      { kind: 'npm', hostId: HOST_A },
      { kind: 'env', workloadId: other?.id, key: 'DB_PASSWORD' },
    ]);
    // Read "from the store" by location, the map gives the export every value.
    const store = new Map(locations.map((item, index) => [item.id, `stored-value-${index}`]));
    const text = exportSeed(current, { includeSecrets: true, secrets: store });
    for (const value of store.values()) expect(text).toContain(value);
    expect(text).not.toContain(SECRET_REF);
  });

  it('writes the format Docker Watcher reads', () => {
    const text = exportSeed(configured(), { includeSecrets: false });
    expect(text).toContain('subdomain_pattern: stage-{stage}-{project}\n');
    expect(text).toMatch(/registries:\n {2}forge:\n {4}url: https:\/\/forge\.example\.test\n/);
    expect(text).toMatch(
      /\n {2}notes-api@dock1:\n {4}name: notes-api\n {4}host: dock1\n {4}registry: forge\n/,
    );
    expect(text).toContain('healthcheck: /healthz');
  });
});

describe('round trip over generated configurations', () => {
  /** A small deterministic generator (mulberry32), so a failure reproduces. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function generate(next: () => number): CurrentConfig {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const maybe = <T>(value: T): T | null => (next() < 0.5 ? value : null);
    const config = emptyConfig();
    config.settings.workloadDomain = pick(['', 'example.test', 'apps.example.org']);
    config.settings.subdomainPattern = pick(['{stage}-{project}', 'stage-{stage}-{project}', '{project}']);
    const secrets = new Map<string, string>();
    config.secretValues = secrets;
    for (const [index, host] of ['reg.example.test', '10.1.2.3:5000', 'docker.io'].entries()) {
      if (next() < 0.4) continue;
      const username = maybe(`user${index}`);
      const hasSecret = username !== null && next() < 0.7;
      if (hasSecret) secrets.set(registrySecretId(host), `tok-${index}-${Math.floor(next() * 1e6)}: "#x`);
      config.registries.push({
        id: index + 1,
        name: pick([`r${index}`, `reg${index}`]),
        host,
        username,
        hasSecret,
        insecure: next() < 0.3,
      });
    }
    if (next() < 0.5) {
      const hostId = pick([HOST_A, HOST_B]);
      config.proxies.push({
        hostId,
        kind: 'npm',
        npmUrl: maybe('http://npm:81'),
        npmEmail: maybe('a@b.example'),
        npmPasswordSet: next() < 0.5,
      });
      secrets.set(`npm:${hostId}`, 'npm "pw" \n line2');
    }
    const count = Math.floor(next() * 4);
    for (let index = 0; index < count; index++) {
      const hostId = pick([HOST_A, HOST_B]);
      const name = pick(['web', 'api', `svc${index}`]);
      if (config.workloads.some((item) => item.hostId === hostId && item.name === name)) continue;
      const stageNames = ['dev', 'rel', 'prod'].slice(0, 1 + Math.floor(next() * 3));
      const env = [
        { key: 'PLAIN', value: pick(['1', 'true', 'yes', 'null', '', '0x10', ' spaced ']), secret: false },
        ...(next() < 0.5 ? [{ key: 'SECRET', value: null, secret: true }] : []),
      ];
      if (env.length > 1) secrets.set(envSecretId(hostId, name, 'SECRET'), `s3cr:et ${index}`);
      config.workloads.push(
        workloadSchema.parse({
          id: 10 + index,
          name,
          hostId,
          image: pick(['reg.example.test/team/app', '10.1.2.3:5000/x', 'nginx', 'docker.io/library/redis']),
          port: 1 + Math.floor(next() * 65_000),
          healthPath: maybe('/health'),
          env,
          volumes:
            next() < 0.5 ? [] : [{ kind: 'volume', name: 'data', target: '/data', readOnly: next() < 0.5 }],
          cpus: maybe(0.25),
          memoryMb: maybe(256),
          network: maybe('net-a'),
          stages: stageNames.map((stage, position) => ({
            id: 1000 + index * 10 + position,
            name: stage,
            tagPattern: pick(['*', 'v*', 'dev-*', '[0-9]*']),
            autoDeploy: next() < 0.5,
            maxInstances: 1 + Math.floor(next() * 10),
            confirm: next() < 0.3,
            promoteFrom: position > 0 && next() < 0.5 ? (stageNames[position - 1] ?? null) : null,
            subdomain: maybe(`${stage}x`),
            pinnedTag: maybe('1.0'),
            swarmService: maybe('web-svc'),
            pendingTag: null,
            deployedDigest: null,
          })),
          createdAt: '2026-12-03T00:00:00Z',
          updatedAt: '2026-12-03T00:00:00Z',
        }),
      );
    }
    return config;
  }

  it('export → parse → diff is all `same`, with and without secrets, for 60 configurations', () => {
    for (let run = 1; run <= 60; run++) {
      const current = generate(random(run));
      for (const includeSecrets of [false, true]) {
        const text = includeSecrets
          ? exportSeed(current, { includeSecrets: true, secrets: current.secretValues ?? new Map() })
          : exportSeed(current, { includeSecrets: false });
        const plan = planSeedImport(current, text);
        expect({ run, includeSecrets, problems: plan.problems }).toEqual({
          run,
          includeSecrets,
          problems: [],
        });
        expect({ run, includeSecrets, changes: notSame(plan.changes) }).toEqual({
          run,
          includeSecrets,
          changes: [],
        });
        if (!includeSecrets)
          for (const value of current.secretValues?.values() ?? []) expect(text).not.toContain(value);
      }
    }
  });
});

/**
 * The workload editor's values: conversion to the contract (secrets write-only, blanks as null) and the
 * checks it makes before sending, which mirror the contract's schema and add the whole-form ones.
 */
import { workloadInputSchema, type Workload } from '@shared/schemas/workloads';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_WORKLOAD_FORM,
  emptyStage,
  formFromWorkload,
  toWorkloadInput,
  validateWorkloadForm,
  type WorkloadFormValues,
} from '../../renderer/src/features/workloads/editor/workload-form-values';
import {
  quickDeployValues,
  repositoryOf,
} from '../../renderer/src/features/workloads/quick-deploy/quick-deploy-values';
import { uptime } from '../../renderer/src/features/workloads/workload-format';

const HOST = '6f1c2f4e-8a51-4a44-9a2e-3b4c5d6e7f80';
const valid: WorkloadFormValues = {
  ...EMPTY_WORKLOAD_FORM,
  name: 'web-app',
  hostId: HOST,
  image: '10.231.0.10:5000/lab/web',
  port: 8080,
};
const check = (patch: Partial<WorkloadFormValues>) => validateWorkloadForm({ ...valid, ...patch });

const saved: Workload = {
  id: 7,
  name: 'web-app',
  hostId: HOST,
  image: 'registry.example.com/team/web',
  port: 8080,
  healthPath: '/healthz',
  env: [
    { key: 'MODE', value: 'prod', secret: false },
    { key: 'DB_PASSWORD', value: null, secret: true },
  ],
  volumes: [{ kind: 'tmpfs', target: '/tmp', sizeMb: 64 }],
  cpus: null,
  memoryMb: 256,
  network: null,
  stages: [
    {
      id: 1,
      name: 'dev',
      tagPattern: 'dev-*',
      autoDeploy: true,
      maxInstances: 2,
      confirm: false,
      promoteFrom: null,
      subdomain: null,
      pinnedTag: null,
      swarmService: null,
      pendingTag: null,
      deployedDigest: null,
    },
  ],
  createdAt: '2026-12-03T10:00:00.000Z',
  updatedAt: '2026-12-03T10:00:00.000Z',
};

describe('workload editor values', () => {
  it('accepts a minimal complete form, and its input passes the contract schema', () => {
    expect(check({})).toEqual({});
    expect(workloadInputSchema.safeParse(toWorkloadInput(valid)).success).toBe(true);
  });

  it('reports each problem of an empty form at its field', () => {
    const errors = validateWorkloadForm(EMPTY_WORKLOAD_FORM);
    expect(Object.keys(errors).sort()).toEqual(['hostId', 'image', 'name', 'port']);
    expect(errors.port).toMatch(/1 to 65535/);
  });

  it.each(['Web', 'web_app', '-web', 'web-', 'a'.repeat(41)])(
    'refuses the name %s with the schema message',
    (name) => {
      expect(check({ name }).name).toBeTruthy();
    },
  );

  it('refuses a tag or digest in the image, and stage problems at the stage field', () => {
    expect(check({ image: 'registry.example.com/team/web:1.0' }).image).toMatch(/without a tag/);
    expect(check({ image: 'web@sha256:abc' }).image).toMatch(/digest/);
    // A registry port is not a tag.
    expect(check({ image: 'registry.example.com:5000/team/web' }).image).toBeUndefined();
    const errors = check({
      stages: [
        { ...emptyStage('dev'), tagPattern: ' ' },
        { ...emptyStage('dev'), promoteFrom: 'rel' },
        { ...emptyStage('prod'), promoteFrom: 'prod', maxInstances: 11 },
      ],
    });
    expect(errors['stages.0.tagPattern']).toBeTruthy();
    expect(errors['stages.1.name']).toMatch(/twice/);
    expect(errors['stages.1.promoteFrom']).toMatch(/no stage rel/);
    expect(errors['stages.2.promoteFrom']).toMatch(/itself/);
    expect(errors['stages.2.maxInstances']).toBeTruthy();
    expect(check({ stages: [] }).stages).toBeTruthy();
  });

  it('checks env names, duplicate keys, a new secret without value, and mount paths', () => {
    const errors = check({
      env: [
        { key: '1BAD', value: 'x', secret: false, stored: false },
        { key: 'A', value: '', secret: false, stored: false },
        { key: 'A', value: 'y', secret: false, stored: false },
        { key: 'TOKEN', value: '', secret: true, stored: false },
      ],
      volumes: [
        { kind: 'volume', name: 'data', source: '', target: 'data', readOnly: false, sizeMb: '' },
        { kind: 'bind', name: '', source: 'srv', target: '/srv', readOnly: true, sizeMb: '' },
      ],
    });
    expect(errors['env.0.key']).toMatch(/environment variable name/);
    expect(errors['env.1.value']).toBeUndefined();
    expect(errors['env.2.key']).toMatch(/twice/);
    expect(errors['env.3.value']).toMatch(/Enter the value/);
    expect(errors['volumes.0.target']).toBeTruthy();
    expect(errors['volumes.1.source']).toBeTruthy();
  });

  it('never holds a stored secret: it starts empty and an empty field keeps it (sent as null)', () => {
    const form = formFromWorkload(saved);
    expect(form.env).toEqual([
      { key: 'MODE', value: 'prod', secret: false, stored: false },
      { key: 'DB_PASSWORD', value: '', secret: true, stored: true },
    ]);
    expect(validateWorkloadForm(form)).toEqual({});
    const input = toWorkloadInput(form);
    expect(input.env).toEqual([
      { key: 'MODE', value: 'prod', secret: false },
      { key: 'DB_PASSWORD', value: null, secret: true },
    ]);
    const changed = toWorkloadInput({
      ...form,
      env: form.env.map((row) => (row.secret ? { ...row, value: 'new-secret' } : row)),
    });
    expect(changed.env?.[1]).toEqual({ key: 'DB_PASSWORD', value: 'new-secret', secret: true });
  });

  it('round-trips a saved workload: blanks are null, numbers stay numbers', () => {
    const input = toWorkloadInput(formFromWorkload(saved));
    expect(input).toMatchObject({
      healthPath: '/healthz',
      memoryMb: 256,
      cpus: null,
      network: null,
      volumes: [{ kind: 'tmpfs', target: '/tmp', sizeMb: 64 }],
      stages: [{ name: 'dev', tagPattern: 'dev-*', autoDeploy: true, maxInstances: 2, subdomain: null }],
    });
    expect(workloadInputSchema.safeParse(input).success).toBe(true);
  });
});

describe('quick deploy prefill', () => {
  it('takes the suggested name, the first exposed port, the repository without tag, one prod stage', () => {
    const values = quickDeployValues(
      {
        image: '10.231.0.10:5000/lab/web:1.1.0',
        tag: '1.1.0',
        exposedPorts: [8080, 9090],
        hasHealthcheck: true,
        labels: {},
        env: [],
        suggestedName: 'web',
      },
      HOST,
    );
    expect(values).toMatchObject({
      name: 'web',
      hostId: HOST,
      image: '10.231.0.10:5000/lab/web',
      port: 8080,
    });
    expect(values.healthPath).toBe('');
    expect(values.stages).toEqual([expect.objectContaining({ name: 'prod', tagPattern: '*' })]);
    expect(validateWorkloadForm(values)).toEqual({});
  });

  it('strips tag and digest but keeps a registry port', () => {
    expect(repositoryOf('reg:5000/team/web:2')).toBe('reg:5000/team/web');
    expect(repositoryOf('reg:5000/team/web')).toBe('reg:5000/team/web');
    expect(repositoryOf('web@sha256:abc')).toBe('web');
  });
});

describe('uptime', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  it.each([
    ['2026-12-03T11:59:15Z', '45 s'],
    ['2026-12-03T11:48:00Z', '12 min'],
    ['2026-12-03T08:55:00Z', '3 h 5 min'],
    ['2026-11-29T10:00:00Z', '4 d 2 h'],
    ['not a date', '—'],
  ])('%s → %s', (createdAt, expected) => {
    expect(uptime(createdAt, now)).toBe(expected);
  });
});

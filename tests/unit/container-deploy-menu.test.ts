import { describe, expect, it } from 'vitest';
import type { Deploy } from '@shared/schemas/deploys';
import { redeployTag } from '../../renderer/src/features/containers/deploy/image-tag';
import { rollBackTarget } from '../../renderer/src/features/containers/deploy/last-done-deploy';

describe('redeployTag', () => {
  it.each([
    ['10.0.0.1:5000/team/app:1.2', '1.2'],
    ['nginx', 'latest'],
    ['localhost:5000/app', 'latest'],
    [`app:1.2@sha256:${'a'.repeat(64)}`, '1.2'],
    [`10.0.0.1:5000/app@sha256:${'a'.repeat(64)}`, null],
  ])('%s → %s', (image, tag) => expect(redeployTag(image)).toBe(tag));
});

const deploy = (id: number, state: Deploy['state'], previousImage: string | null): Deploy => ({
  id,
  hostId: 'h',
  kind: 'in-place',
  workloadId: null,
  stage: null,
  containerName: 'web',
  image: 'r/web:2',
  digest: null,
  previousImage,
  state,
  step: 'retire',
  reason: null,
  createdAt: '',
  finishedAt: null,
  steps: [],
});

describe('rollBackTarget', () => {
  const digest = `r/web@sha256:${'b'.repeat(64)}`;
  it('takes the newest finished deploy, past failed and rolled-back ones', () => {
    const newest = deploy(3, 'rolled-back', digest);
    const done = deploy(2, 'done', digest);
    expect(rollBackTarget([newest, done, deploy(1, 'done', digest)])).toEqual({ deploy: done, why: null });
  });

  it('says why when there is nothing to go back to', () => {
    expect(rollBackTarget([deploy(1, 'failed', digest)]).why).toMatch(/No finished deploy/);
    expect(rollBackTarget([deploy(1, 'done', 'r/web:1')]).why).toMatch(/by digest/);
  });
});

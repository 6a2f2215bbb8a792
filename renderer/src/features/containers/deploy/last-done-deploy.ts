import type { Deploy } from '@shared/schemas/deploys';

/**
 * What "Roll back" undoes: the newest deploy that changed the container (failed and rolled-back ones left
 * it as it was). It can only go back by digest, so one without the previous digest offers nothing.
 */
export function rollBackTarget(deploys: readonly Deploy[]): { deploy: Deploy | null; why: string | null } {
  const deploy = deploys.find((entry) => entry.state === 'done') ?? null;
  if (!deploy) return { deploy: null, why: 'No finished deploy of this container to go back from' };
  if (!deploy.previousImage?.includes('@'))
    return { deploy: null, why: 'The last deploy did not record the previous image by digest' };
  return { deploy, why: null };
}

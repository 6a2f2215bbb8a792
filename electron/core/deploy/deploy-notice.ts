import type { Deploy } from '@shared/schemas/deploys';

/** What is said when a deploy ends: the desktop notification and the outgoing notifiers share it. */
export interface DeployNotice {
  deploy: Deploy;
  hostName: string;
  title: string;
  body: string;
}

export function deployNotice(deploy: Deploy, hostName: string): DeployNotice {
  const tag = deploy.image.slice(deploy.image.lastIndexOf(':') + 1);
  // A blue-green deploy is journaled as `<workload>.<stage>`: said as "web prod".
  const target = deploy.kind === 'blue-green' ? deploy.containerName.replace('.', ' ') : deploy.containerName;
  const where = `${target} on ${hostName}`;
  if (deploy.state === 'done') {
    return {
      deploy,
      hostName,
      title: `${where} updated to ${tag}`,
      body: `${deploy.image} passed its health check.`,
    };
  }
  const outcome = deploy.state === 'rolled-back' ? 'rolled back' : 'failed';
  const back = deploy.state === 'rolled-back' ? ' The previous version runs again.' : '';
  return {
    deploy,
    hostName,
    title: `Update of ${where} to ${tag} ${outcome}`,
    body: `${sentence(deploy.reason ?? 'no reason was recorded')}${back}`,
  };
}

/** Reasons are clauses ("the image health check failed: …"); a notification shows them as a sentence. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

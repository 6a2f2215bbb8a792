import type { WebhookNotice } from './webhooks-module';

/** The desktop notification for a webhook notice, and the page its click opens. */
export function webhookNoticeText(
  notice: WebhookNotice,
  hostName: (hostId: string) => string | null,
): { title: string; body: string; path: string } {
  if (notice.kind === 'unknown-image') {
    return {
      title: `Pushed: ${notice.image}`,
      body: 'No workload uses this image. Quick deploy can create one.',
      path: '/workloads',
    };
  }
  const host = notice.hostId ? hostName(notice.hostId) : null;
  const where = host ?? (notice.event.hostname || 'an unknown host');
  const container = notice.event.metadata.ctn_names ? ` (${notice.event.metadata.ctn_names})` : '';
  return {
    title: `DIUN: ${notice.event.image} ${notice.event.status === 'update' ? 'was updated' : 'is new'}`,
    body: `On ${where}${container}.`,
    path: '/updates',
  };
}

/** A relayed `deploys.progress` that ended a deploy on an attached companion; null for anything else. */
export function companionDeployText(relayed: {
  companion: string;
  event: string;
  payload: unknown;
}): { title: string; body: string } | null {
  if (relayed.event !== 'deploys.progress') return null;
  const progress = relayed.payload as { containerName: string; state: string; detail: string | null };
  if (progress.state === 'running') return null;
  const outcome =
    progress.state === 'done' ? 'updated' : progress.state === 'rolled-back' ? 'rolled back' : 'failed';
  return {
    title: `${relayed.companion}: ${progress.containerName} ${outcome}`,
    body: progress.detail ?? 'Deploy finished on the companion.',
  };
}

import type { UpdateEntry } from '@shared/schemas/updates';
import type { DeployNotice } from '../deploy/deploy-notice';
import { MEDIA_TYPES } from '../registry/media-types';
import { describeUpdate } from './display';
import type { PlannedNotification } from './notification-planner';

/** A request to send: built here, sent by NotifierService (so payloads are testable without a network). */
export interface OutgoingRequest {
  headers: Record<string, string>;
  body: string;
}

/** The DIUN webhook body (as the DIUN dashboard and other receivers read it), one per image. */
export function diunPayload(entry: UpdateEntry, hostname: string, version: string) {
  return {
    diun_version: `tidewatch-${version}`,
    hostname,
    status: 'update',
    provider: 'docker',
    image: `${entry.registry}/${entry.repository}:${entry.availableTag}`,
    hub_link: entry.registryLink,
    mime_type: entry.kind === 'digest' ? MEDIA_TYPES.dockerManifest : '',
    digest: entry.availableDigest ?? '',
    created: entry.firstSeen,
    platform: entry.platform,
    metadata: {
      ctn_names: entry.containerName,
      ctn_id: entry.containerId,
      ctn_state: '',
      ctn_status: '',
      current_tag: entry.currentTag ?? '',
      current_digest: entry.currentDigest ?? '',
      update_kind: entry.kind,
      host_id: entry.hostId,
    },
  };
}

export function webhookRequests(
  notification: PlannedNotification,
  hostname: string,
  version: string,
): OutgoingRequest[] {
  return notification.items.map((entry) => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(diunPayload(entry, hostname, version)),
  }));
}

/** Slack incoming webhook: one message per host batch. */
export function slackRequest(notification: PlannedNotification): OutgoingRequest {
  const lines = notification.items.map((entry) => `• ${describeUpdate(entry)} (${entry.containerName})`);
  return {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: `*${notification.title}*\n${lines.join('\n')}` }),
  };
}

/** ntfy: plain text body, title in a header (header values must be plain ASCII). */
export function ntfyRequest(notification: PlannedNotification): OutgoingRequest {
  const lines = notification.items.map((entry) => `${describeUpdate(entry)} (${entry.containerName})`);
  return {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      title: asciiHeader(notification.title),
      tags: 'whale',
    },
    body: lines.join('\n'),
  };
}

/** A deploy's result for each kind of notifier: JSON for webhooks, a message for Slack and ntfy. */
export function deployRequest(
  kind: 'webhook' | 'slack' | 'ntfy',
  notice: DeployNotice,
  version: string,
): OutgoingRequest {
  const { deploy } = notice;
  if (kind === 'slack') {
    return {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: `*${notice.title}*\n${notice.body}` }),
    };
  }
  if (kind === 'ntfy') {
    return {
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        title: asciiHeader(notice.title),
        tags: deploy.state === 'done' ? 'white_check_mark' : 'warning',
      },
      body: notice.body,
    };
  }
  return {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tidewatch_version: version,
      event: 'deploy',
      hostname: notice.hostName,
      host_id: deploy.hostId,
      container: deploy.containerName,
      image: deploy.image,
      digest: deploy.digest ?? '',
      previous_image: deploy.previousImage ?? '',
      result: deploy.state,
      reason: deploy.reason ?? '',
      deploy_id: deploy.id,
      finished: deploy.finishedAt ?? '',
    }),
  };
}

function asciiHeader(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 250);
}

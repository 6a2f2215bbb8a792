import { describe, expect, it } from 'vitest';
import { companionDeployText, webhookNoticeText } from '../../../electron/core/webhooks/webhook-notice';

const event = {
  diun_version: '4',
  hostname: 'srv1',
  status: 'update',
  provider: 'docker',
  image: 'docker.io/library/nginx:1.27',
  hub_link: '',
  mime_type: '',
  digest: '',
  created: '',
  platform: '',
  metadata: { ctn_names: 'web', ctn_id: '', ctn_state: '', ctn_status: '' },
};

describe('webhook notices', () => {
  it('names the matched host, else DIUN hostname, and opens the Updates page', () => {
    expect(webhookNoticeText({ kind: 'diun', event, hostId: 'h1' }, () => 'Web server')).toEqual({
      title: 'DIUN: docker.io/library/nginx:1.27 was updated',
      body: 'On Web server (web).',
      path: '/updates',
    });
    expect(
      webhookNoticeText({ kind: 'diun', event: { ...event, status: 'new' }, hostId: null }, () => null).body,
    ).toBe('On srv1 (web).');
  });

  it('an unknown pushed image points to workloads', () => {
    expect(webhookNoticeText({ kind: 'unknown-image', image: 'r.example/a/b:1' }, () => null)).toMatchObject({
      title: 'Pushed: r.example/a/b:1',
      path: '/workloads',
    });
  });
});

describe('companion deploy notices', () => {
  it('says how a relayed deploy ended, with the companion name; running steps say nothing', () => {
    const payload = { containerName: 'shop', state: 'rolled-back', detail: 'health check failed' };
    expect(companionDeployText({ companion: 'team server', event: 'deploys.progress', payload })).toEqual({
      title: 'team server: shop rolled back',
      body: 'health check failed',
    });
    expect(
      companionDeployText({
        companion: 'x',
        event: 'deploys.progress',
        payload: { ...payload, state: 'running' },
      }),
    ).toBeNull();
    expect(companionDeployText({ companion: 'x', event: 'hosts.state', payload })).toBeNull();
  });
});

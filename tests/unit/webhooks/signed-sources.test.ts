/**
 * Signed and secret-URL sources against the real listener: GitHub (X-Hub-Signature-256 over the raw bytes),
 * Gitea/Forgejo (X-Gitea-Signature), GitLab (X-Gitlab-Token), Docker Hub and the CI hook (secret in the
 * path). Also duplicates, the rate limit and what an unknown image does.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, send, startWebhookCore, type WebhookCore } from './webhook-test-kit';

let kit: WebhookCore;
const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

/** A GitHub `package` event for a container, with deliberate spacing (re-serializing changes the bytes). */
const GITHUB_BODY = `{
  "action": "published",
  "package": {
    "name": "web",
    "namespace": "acme",
    "package_type": "CONTAINER",
    "owner": { "login": "Acme" },
    "package_version": {
      "container_metadata": { "tag": { "name": "v1.2.3", "digest": "sha256:aa" } },
      "package_url": "ghcr.io/acme/web:v1.2.3"
    }
  }
}`;

const GITEA_BODY = JSON.stringify({
  action: 'created',
  package: {
    type: 'container',
    name: 'shop',
    version: 'dev-42',
    owner: { login: 'team' },
    html_url: 'https://git.example.org/team/-/packages/container/shop/dev-42',
  },
});

const github = (body: string, headers: Record<string, string>) =>
  send(kit.url, { path: '/api/github', body, headers: { ...json, 'x-github-event': 'package', ...headers } });

beforeAll(async () => {
  kit = await startWebhookCore();
});
afterAll(() => kit.dispose());

async function lastDelivery(source: string) {
  await kit.core.webhooks.worker.idle();
  const [entry] = await kit.client.call('webhooks.deliveries', { source: source as 'ci', limit: 1 });
  return entry;
}

describe('GitHub', () => {
  it('accepts the right signature (202) and reads the image from the package event', async () => {
    const secret = kit.secrets.github ?? '';
    const answer = await github(GITHUB_BODY, {
      'x-hub-signature-256': `sha256=${sign(GITHUB_BODY, secret)}`,
      'x-github-delivery': 'd-1',
    });
    expect(answer.status).toBe(202);
    expect(await lastDelivery('github')).toMatchObject({
      state: 'done',
      image: 'ghcr.io/acme/web:v1.2.3',
      action: expect.stringContaining('no workload uses this image'),
    });
  });

  it('refuses a wrong, a missing and a malformed signature with 401', async () => {
    const secret = kit.secrets.github ?? '';
    expect(
      (await github(GITHUB_BODY, { 'x-hub-signature-256': `sha256=${sign(GITHUB_BODY, 'other')}` })).status,
    ).toBe(401);
    expect((await github(GITHUB_BODY, {})).status).toBe(401);
    expect((await github(GITHUB_BODY, { 'x-hub-signature-256': sign(GITHUB_BODY, secret) })).status).toBe(
      401,
    );
    expect((await github(GITHUB_BODY, { 'x-hub-signature-256': 'sha256=zz' })).status).toBe(401);
  });

  it('refuses the same JSON re-serialized (the HMAC is over the bytes sent, not the parsed object)', async () => {
    const secret = kit.secrets.github ?? '';
    const reserialized = JSON.stringify(JSON.parse(GITHUB_BODY));
    expect(reserialized).not.toBe(GITHUB_BODY);
    const answer = await github(reserialized, {
      'x-hub-signature-256': `sha256=${sign(GITHUB_BODY, secret)}`,
    });
    expect(answer.status).toBe(401);
  });

  it('acts once on a redelivery with the same delivery id', async () => {
    const secret = kit.secrets.github ?? '';
    const headers = {
      'x-hub-signature-256': `sha256=${sign(GITHUB_BODY, secret)}`,
      'x-github-delivery': 'd-2',
    };
    expect((await github(GITHUB_BODY, headers)).status).toBe(202);
    const again = await github(GITHUB_BODY, headers);
    expect(again.status).toBe(202);
    expect(JSON.parse(again.body)).toMatchObject({ state: 'duplicate' });
    const log = await kit.client.call('webhooks.deliveries', { source: 'github', limit: 2 });
    expect(log.map((entry) => entry.state)).toEqual(['duplicate', 'done']);
  });

  it('answers a ping and other events with 202 and does nothing', async () => {
    const secret = kit.secrets.github ?? '';
    const body = '{"zen":"Keep it logically awesome."}';
    const answer = await send(kit.url, {
      path: '/api/github',
      body,
      headers: { ...json, 'x-github-event': 'ping', 'x-hub-signature-256': `sha256=${sign(body, secret)}` },
    });
    expect(answer.status).toBe(202);
    expect(await lastDelivery('github')).toMatchObject({ state: 'ignored', action: 'ping' });
  });
});

describe('Gitea and Forgejo', () => {
  it('accepts X-Gitea-Signature and X-Forgejo-Signature over the raw body; the image is on the forge host', async () => {
    const secret = kit.secrets.gitea ?? '';
    const gitea = await send(kit.url, {
      path: '/api/gitea',
      body: GITEA_BODY,
      headers: { ...json, 'x-gitea-event': 'package', 'x-gitea-signature': sign(GITEA_BODY, secret) },
    });
    expect(gitea.status).toBe(202);
    expect(await lastDelivery('gitea')).toMatchObject({
      state: 'done',
      image: 'git.example.org/team/shop:dev-42',
    });
    const forgejoBody = GITEA_BODY.replace('dev-42', 'dev-43').replace('dev-42', 'dev-43');
    const forgejo = await send(kit.url, {
      path: '/api/gitea',
      body: forgejoBody,
      headers: { ...json, 'x-forgejo-event': 'package', 'x-forgejo-signature': sign(forgejoBody, secret) },
    });
    expect(forgejo.status).toBe(202);
  });

  it('refuses a wrong or missing signature and a body re-serialized after signing', async () => {
    const secret = kit.secrets.gitea ?? '';
    const headers = { ...json, 'x-gitea-event': 'package' };
    expect((await send(kit.url, { path: '/api/gitea', body: GITEA_BODY, headers })).status).toBe(401);
    const wrong = { ...headers, 'x-gitea-signature': sign(GITEA_BODY, 'nope') };
    expect((await send(kit.url, { path: '/api/gitea', body: GITEA_BODY, headers: wrong })).status).toBe(401);
    const spaced = JSON.stringify(JSON.parse(GITEA_BODY), null, 2);
    const signedOriginal = { ...headers, 'x-gitea-signature': sign(GITEA_BODY, secret) };
    expect((await send(kit.url, { path: '/api/gitea', body: spaced, headers: signedOriginal })).status).toBe(
      401,
    );
  });
});

describe('GitLab, Docker Hub and the CI hook', () => {
  it('GitLab: the token header must match; a registry push notification names the image', async () => {
    const body = JSON.stringify({
      events: [
        {
          action: 'push',
          target: { repository: 'group/api', tag: '2.0.0' },
          request: { host: 'registry.gitlab.example' },
        },
      ],
    });
    const ok = await send(kit.url, {
      path: '/api/gitlab',
      body,
      headers: { ...json, 'x-gitlab-token': kit.secrets.gitlab ?? '' },
    });
    expect(ok.status).toBe(202);
    expect(await lastDelivery('gitlab')).toMatchObject({ image: 'registry.gitlab.example/group/api:2.0.0' });
    const bad = await send(kit.url, {
      path: '/api/gitlab',
      body,
      headers: { ...json, 'x-gitlab-token': 'nope' },
    });
    expect(bad.status).toBe(401);
  });

  it('Docker Hub: the secret is in the path', async () => {
    const body = JSON.stringify({ push_data: { tag: '1.27' }, repository: { repo_name: 'library/nginx' } });
    const ok = await send(kit.url, {
      path: `/api/dockerhub/${kit.secrets.dockerhub ?? ''}`,
      body,
      headers: json,
    });
    expect(ok.status).toBe(202);
    expect(await lastDelivery('dockerhub')).toMatchObject({ image: 'docker.io/library/nginx:1.27' });
    expect((await send(kit.url, { path: '/api/dockerhub/wrong', body, headers: json })).status).toBe(401);
    expect(
      (
        await send(kit.url, {
          path: `/api/dockerhub/${kit.secrets.dockerhub ?? ''}`,
          body: '{}',
          headers: json,
        })
      ).status,
    ).toBe(400);
  });

  it('CI hook: an unknown image is noted (notify only), a bad reference is 400, a wrong secret 401', async () => {
    const path = `/api/webhook/${kit.secrets.ci ?? ''}`;
    const answer = await send(kit.url, {
      path,
      body: '{"image":"registry.example/org/app:1.0"}',
      headers: json,
    });
    expect(answer.status).toBe(202);
    expect(await lastDelivery('ci')).toMatchObject({
      state: 'done',
      action: 'no workload uses this image; notified',
    });
    expect((await send(kit.url, { path, body: '{"image":"Not A Ref"}', headers: json })).status).toBe(400);
    expect((await send(kit.url, { path, body: '{"image":"x@sha256:abc"}', headers: json })).status).toBe(400);
    expect(
      (await send(kit.url, { path: '/api/webhook/nope', body: '{"image":"a/b:1"}', headers: json })).status,
    ).toBe(401);
  });

  it('a regenerated secret replaces the old one at once', async () => {
    const old = kit.secrets.ci ?? '';
    const fresh = await kit.client.call('webhooks.regenerateSecret', { name: 'ci' });
    expect(fresh.secret).not.toBe(old);
    expect(fresh.path).toBe(`/api/webhook/${fresh.secret}`);
    const body = '{"image":"registry.example/org/app:1.1"}';
    expect((await send(kit.url, { path: `/api/webhook/${old}`, body, headers: json })).status).toBe(401);
    expect((await send(kit.url, { path: fresh.path, body, headers: json })).status).toBe(202);
    kit.secrets.ci = fresh.secret;
  });
});

describe('limits', () => {
  it('answers 429 with Retry-After past the per-source rate, and other sources are not affected', async () => {
    await kit.client.call('webhooks.update', { ratePerMinute: 3 });
    const path = `/api/webhook/${kit.secrets.ci ?? ''}`;
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const answer = await send(kit.url, { path, body: `{"image":"r.example/a/b:${index}"}`, headers: json });
      statuses.push(answer.status);
      if (answer.status === 429) expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
    const dockerhub = await send(kit.url, {
      path: `/api/dockerhub/${kit.secrets.dockerhub ?? ''}`,
      body: JSON.stringify({ push_data: { tag: '2' }, repository: { repo_name: 'a/b' } }),
      headers: json,
    });
    expect(dockerhub.status).toBe(202);
    await kit.client.call('webhooks.update', { ratePerMinute: 600 });
  });

  it('unknown paths are 404, and webhooks.update refuses half a TLS pair', async () => {
    expect((await send(kit.url, { path: '/api/nothing', body: '{}', headers: json })).status).toBe(404);
    await expect(kit.client.call('webhooks.update', { tlsCertFile: '/tmp/cert.pem' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(kit.client.call('webhooks.update', { listen: 'nonsense' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});

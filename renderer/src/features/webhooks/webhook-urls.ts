import type { WebhookSecretName } from '@shared/schemas/webhooks';

/** Where each secret goes on the sender's side. */
export const SECRET_USES: Record<WebhookSecretName, string> = {
  diun: "DIUN's webhook notifier: the Authorization header",
  ci: 'CI "image pushed" hook: the secret is in the URL',
  github: 'GitHub webhook secret (package events)',
  gitea: 'Gitea or Forgejo webhook secret (package events)',
  gitlab: 'GitLab secret token',
  dockerhub: 'Docker Hub webhook: the secret is in the URL',
  api: 'Bearer token for the DIUN-dashboard API',
};

/** The full URL a sender posts to, or the bare path while the listener is off. */
export function endpointUrl(listenerUrl: string | null, path: string): string {
  return listenerUrl ? `${listenerUrl.replace(/\/$/, '')}${path}` : path;
}

/** A secret shown with only its first characters; the URL hides it the same way. */
export function maskSecret(text: string, secret: string): string {
  return secret.length === 0 ? text : text.split(secret).join(`${secret.slice(0, 4)}…`);
}

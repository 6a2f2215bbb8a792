/**
 * What each source's payload means, as one of two work items: a DIUN notification, or "this image was
 * pushed". Parsing is strict about what is needed (400 with a short reason) and tolerant of the rest,
 * since senders add fields over time.
 */
import { z } from 'zod';
import { parseImageReference } from '../registry/image-reference';
import type { DiunEvent } from './diun-repository';
import { Refusal } from './request-guards';

export type WorkItem = { kind: 'diun'; event: DiunEvent } | { kind: 'push'; image: string };

/** A payload that authenticates but carries nothing to do (a ping, another event type): 202, logged. */
export interface Ignored {
  kind: 'ignored';
  reason: string;
}

const text = z.string().max(2000).catch('');

const diunSchema = z.object({
  diun_version: text.default(''),
  hostname: text.default(''),
  status: text.default(''),
  provider: text.default(''),
  image: z.string().trim().min(1).max(500),
  hub_link: text.default(''),
  mime_type: text.default(''),
  digest: text.default(''),
  created: text.default(''),
  platform: text.default(''),
  metadata: z.record(z.string(), z.unknown()).catch({}).default({}),
});

/** DIUN's webhook notifier body. `image` is the key; everything else is kept as sent (strings). */
export function parseDiun(body: Record<string, unknown>): WorkItem {
  const parsed = diunSchema.safeParse(body);
  if (!parsed.success) throw new Refusal(400, 'missing image');
  const { metadata, ...event } = parsed.data;
  const field = (key: string) => (typeof metadata[key] === 'string' ? metadata[key].slice(0, 2000) : '');
  return {
    kind: 'diun',
    event: {
      ...event,
      metadata: {
        ctn_names: field('ctn_names'),
        ctn_id: field('ctn_id'),
        ctn_state: field('ctn_state'),
        ctn_status: field('ctn_status'),
      },
    },
  };
}

/** The CI hook (and a GitLab job's curl): `{"image": "registry/org/app:tag"}`. */
export function parseImagePush(body: Record<string, unknown>): WorkItem {
  const image = typeof body.image === 'string' ? body.image.trim() : '';
  if (image === '') throw new Refusal(400, 'missing image');
  return { kind: 'push', image: normalizeImage(image) };
}

/** A reference with its tag spelled out (`latest` when none); 400 for something that is not a reference. */
export function normalizeImage(image: string): string {
  if (image.length > 500 || /\s/.test(image)) throw new Refusal(400, 'invalid image reference');
  try {
    const ref = parseImageReference(image);
    if (ref.tag === null) throw new Refusal(400, 'push hooks need a tag, not only a digest');
    return `${ref.registry}/${ref.repository}:${ref.tag}`;
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(400, 'invalid image reference');
  }
}

const githubPackageSchema = z.object({
  package_type: z.string().optional(),
  name: z.string().min(1),
  namespace: z.string().optional(),
  owner: z.object({ login: z.string().min(1) }).optional(),
  package_version: z
    .object({
      package_url: z.string().optional(),
      container_metadata: z.object({ tag: z.object({ name: z.string() }).optional() }).optional(),
    })
    .optional(),
});

/** GitHub `package` / `registry_package` events for containers: the image is on ghcr.io. */
export function parseGithub(event: string, body: Record<string, unknown>): WorkItem | Ignored {
  if (event === 'ping') return { kind: 'ignored', reason: 'ping' };
  if (event !== 'package' && event !== 'registry_package') {
    return { kind: 'ignored', reason: `event ${event.slice(0, 50) || '(none)'} is not a package event` };
  }
  const parsed = githubPackageSchema.safeParse(body[event]);
  if (!parsed.success) throw new Refusal(400, `missing ${event} object`);
  const pkg = parsed.data;
  if (pkg.package_type && pkg.package_type.toLowerCase() !== 'container') {
    return { kind: 'ignored', reason: `package type ${pkg.package_type.slice(0, 30)}` };
  }
  const url = pkg.package_version?.package_url;
  if (url && /:[^/]+$/.test(url) && !url.endsWith(':')) return { kind: 'push', image: normalizeImage(url) };
  const tag = pkg.package_version?.container_metadata?.tag?.name;
  const owner = pkg.namespace ?? pkg.owner?.login;
  if (!tag || !owner) return { kind: 'ignored', reason: 'no tag in this package event' };
  return { kind: 'push', image: normalizeImage(`ghcr.io/${owner.toLowerCase()}/${pkg.name}:${tag}`) };
}

const giteaPackageSchema = z.object({
  type: z.string(),
  name: z.string().min(1),
  version: z.string().min(1),
  owner: z.object({ login: z.string().min(1) }),
  html_url: z.string().optional(),
});

/** Gitea/Forgejo `package` events: the registry is the forge's own host (from the package's URL). */
export function parseGitea(event: string, body: Record<string, unknown>, forgeHost: string | null) {
  if (event !== 'package') {
    return {
      kind: 'ignored',
      reason: `event ${event.slice(0, 50) || '(none)'} is not a package event`,
    } as Ignored;
  }
  if (body.action !== undefined && body.action !== 'created') {
    return { kind: 'ignored', reason: `package ${String(body.action).slice(0, 20)}` } as Ignored;
  }
  const parsed = giteaPackageSchema.safeParse(body.package);
  if (!parsed.success) throw new Refusal(400, 'missing package object');
  const pkg = parsed.data;
  if (pkg.type !== 'container')
    return { kind: 'ignored', reason: `package type ${pkg.type.slice(0, 30)}` } as Ignored;
  const host = hostOf(pkg.html_url) ?? forgeHost;
  if (!host) throw new Refusal(400, 'cannot tell the registry host');
  return {
    kind: 'push',
    image: normalizeImage(`${host}/${pkg.owner.login.toLowerCase()}/${pkg.name}:${pkg.version}`),
  } as WorkItem;
}

const distributionSchema = z.object({
  events: z.array(
    z.object({
      action: z.string(),
      target: z.object({ repository: z.string().min(1), tag: z.string().optional() }),
      request: z.object({ host: z.string().min(1) }).optional(),
    }),
  ),
});

/**
 * GitLab: a CI job's `{"image"}` post, or its container registry's notifications (the distribution
 * registry's envelope: `events[]` with action `push`, target repository and tag, request host).
 */
export function parseGitlab(body: Record<string, unknown>): WorkItem | Ignored {
  if (typeof body.image === 'string') return parseImagePush(body);
  const parsed = distributionSchema.safeParse(body);
  if (!parsed.success) return { kind: 'ignored', reason: 'no image in this event' };
  const push = parsed.data.events.find((item) => item.action === 'push' && item.target.tag && item.request);
  if (!push?.request || !push.target.tag) return { kind: 'ignored', reason: 'no tag push in this event' };
  return {
    kind: 'push',
    image: normalizeImage(`${push.request.host}/${push.target.repository}:${push.target.tag}`),
  };
}

const dockerHubSchema = z.object({
  push_data: z.object({ tag: z.string().min(1) }),
  repository: z.object({ repo_name: z.string().min(1) }),
});

/** Docker Hub's repository webhook. */
export function parseDockerHub(body: Record<string, unknown>): WorkItem {
  const parsed = dockerHubSchema.safeParse(body);
  if (!parsed.success) throw new Refusal(400, 'missing push_data.tag or repository.repo_name');
  return {
    kind: 'push',
    image: normalizeImage(`docker.io/${parsed.data.repository.repo_name}:${parsed.data.push_data.tag}`),
  };
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

import { AppError } from '@shared/rpc/errors';

/** A parsed image reference: where the image lives and which version of it is meant. */
export interface ImageReference {
  /** Normalised registry host[:port]; `docker.io` for Docker Hub. */
  registry: string;
  /** Repository path; Docker Hub's official images get the `library/` prefix. */
  repository: string;
  /** null when the reference names only a digest. */
  tag: string | null;
  digest: string | null;
}

export const DOCKER_HUB = 'docker.io';
/** Docker Hub's API endpoint differs from the name people write. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{64}$/;
const MAX_NAME_LENGTH = 255;

function invalid(reference: string, why: string): AppError {
  return new AppError('VALIDATION', `Invalid image reference "${reference.slice(0, 300)}": ${why}`);
}

/**
 * Parses `nginx`, `nginx:1.25`, `ghcr.io/org/app@sha256:…`, `host:5000/team/app:v1@sha256:…` the way
 * the Docker engine does: the first path part is a registry only if it looks like a host (has a dot or
 * a port, or is `localhost`); otherwise the image is on Docker Hub.
 */
export function parseImageReference(input: string): ImageReference {
  const reference = input.trim();
  if (reference === '') throw invalid(input, 'it is empty');
  if (IMAGE_ID.test(reference)) throw invalid(reference, 'this is an image ID, not a name');

  const at = reference.indexOf('@');
  const namePart = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? null : reference.slice(at + 1);
  if (digest !== null && !DIGEST.test(digest)) throw invalid(reference, 'the digest is not algorithm:hex');

  const lastSlash = namePart.lastIndexOf('/');
  const lastColon = namePart.lastIndexOf(':');
  const hasTag = lastColon > lastSlash;
  const name = hasTag ? namePart.slice(0, lastColon) : namePart;
  const tag = hasTag ? namePart.slice(lastColon + 1) : null;
  if (tag !== null && !TAG.test(tag)) throw invalid(reference, `the tag "${tag.slice(0, 130)}" is not valid`);

  const { registry, repository } = splitName(reference, name);
  return { registry, repository, tag: tag ?? (digest === null ? 'latest' : null), digest };
}

function splitName(reference: string, name: string): { registry: string; repository: string } {
  if (name === '') throw invalid(reference, 'the name is empty');
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const looksLikeHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = looksLikeHost ? first : DOCKER_HUB;
  let repository = looksLikeHost ? name.slice(slash + 1) : name;
  if (looksLikeHost && !HOST.test(first)) throw invalid(reference, `"${first}" is not a valid registry host`);
  if (DOCKER_HUB_ALIASES.has(registry.toLowerCase())) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;

  if (repository === '') throw invalid(reference, 'the repository is empty');
  if (repository.length > MAX_NAME_LENGTH) throw invalid(reference, 'the name is longer than 255 characters');
  for (const component of repository.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      const hint = /[A-Z]/.test(component) ? ' (repository names must be lowercase)' : '';
      throw invalid(reference, `"${component.slice(0, 100)}" is not a valid path component${hint}`);
    }
  }
  return { registry, repository };
}

/** The full canonical form: `docker.io/library/nginx:1.25@sha256:…`. */
export function formatReference(ref: ImageReference): string {
  const tag = ref.tag === null ? '' : `:${ref.tag}`;
  const digest = ref.digest === null ? '' : `@${ref.digest}`;
  return `${ref.registry}/${ref.repository}${tag}${digest}`;
}

/** The short form people write: `nginx:1.25`, `org/app:v1`, `host:5000/app:v1`. */
export function familiarName(ref: Pick<ImageReference, 'registry' | 'repository'>): string {
  if (ref.registry !== DOCKER_HUB) return `${ref.registry}/${ref.repository}`;
  return ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : ref.repository;
}

/**
 * Normalises what a user types as a registry (`https://Registry.example.com/`, `index.docker.io/v1/`)
 * into `host[:port]`. Throws VALIDATION for anything else.
 */
export function normalizeRegistryHost(input: string): string {
  // `user:password@host` must never come back in a message: the part before @ may be a password.
  if (input.includes('@')) {
    throw new AppError(
      'VALIDATION',
      'Type only the registry host (host or host:port); enter the user name and password in their own fields',
    );
  }
  let host = input.trim().replace(/^[a-z]+:\/\//i, '');
  host = host.replace(/\/.*$/, '').toLowerCase();
  if (host === '' || !HOST.test(host)) {
    throw new AppError('VALIDATION', 'Not a registry host: expected host or host:port, e.g. ghcr.io');
  }
  const port = /:(\d+)$/.exec(host)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw new AppError('VALIDATION', `Port ${port} is out of range`);
  }
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** The host the registry API is reached at. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}

/** A page for people: Docker Hub for docker.io, the tag list elsewhere (most registries have no UI). */
/**
 * A page a person can read about the repository's tags: the hosted registries' own pages, else the
 * registry's home page (Harbor, Gitea, GitLab and friends serve their UI there). Never an API URL.
 */
export function registryLink(registry: string, repository: string, insecure: boolean): string {
  if (registry === DOCKER_HUB) {
    return repository.startsWith('library/')
      ? `https://hub.docker.com/_/${repository.slice('library/'.length)}/tags`
      : `https://hub.docker.com/r/${repository}/tags`;
  }
  if (registry === 'ghcr.io') return `https://ghcr.io/${repository}`;
  if (registry === 'quay.io') return `https://quay.io/repository/${repository}?tab=tags`;
  if (registry === 'registry.gitlab.com') return `https://gitlab.com/${repository}/container_registry`;
  return `${insecure ? 'http' : 'https'}://${registry}/`;
}

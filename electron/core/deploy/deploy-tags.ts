/**
 * `deploys.tags`: what "Update to…" offers for one container. The container's image names the repository;
 * its registry is asked for the tags with the credentials the user saved, always fresh (a user choosing a
 * version wants the one just pushed, not the update checker's day-old list).
 */
import { AppError, type ErrorCode } from '@shared/rpc/errors';
import { DEPLOY_TAGS_LIMIT, type DeployTags } from '@shared/schemas/deploys';
import type { Engine } from '../docker/docker-engine';
import { familiarName, parseImageReference, type ImageReference } from '../registry/image-reference';
import { RegistryError, type RegistryFailure } from '../registry/registry-error';
import { rankTagChoices } from './tag-choices';

export interface DeployTagsDeps {
  /** Throws NOT_FOUND for a host id the core does not know. */
  requireHost: (hostId: string) => void;
  engine: (hostId: string) => Promise<Engine>;
  listTags: (registry: string, repository: string) => Promise<string[]>;
  includePrereleases: () => boolean;
}

export function createDeployTags(deps: DeployTagsDeps) {
  return async (input: { hostId: string; containerName: string }): Promise<DeployTags> => {
    const name = input.containerName.replace(/^\//, '');
    deps.requireHost(input.hostId);
    const { docker } = await deps.engine(input.hostId);
    const info = await docker
      .getContainer(name)
      .inspect()
      .catch((error: unknown) => {
        if ((error as { statusCode?: number }).statusCode === 404)
          throw new AppError('NOT_FOUND', `Container ${name} does not exist on this host`);
        throw error;
      });
    const ref = registryImageOf(name, info.Config.Image);
    const image = familiarName(ref);
    const tags = await deps.listTags(ref.registry, ref.repository).catch((error: unknown) => {
      throw registryProblem(error, image);
    });
    return {
      image,
      currentTag: ref.tag,
      ...rankTagChoices(ref.tag, tags, {
        includePrereleases: deps.includePrereleases(),
        limit: DEPLOY_TAGS_LIMIT,
      }),
    };
  };
}

/** A container created from a bare image ID has no repository to list. */
function registryImageOf(name: string, image: string): ImageReference {
  try {
    return parseImageReference(image);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError('CONFLICT', `${name} does not run an image from a registry (${why})`);
  }
}

const CODES: Record<RegistryFailure, ErrorCode> = {
  unauthorized: 'UNAUTHORIZED',
  'rate-limited': 'RATE_LIMITED',
  'not-found': 'NOT_FOUND',
  unreachable: 'UNAVAILABLE',
  timeout: 'TIMEOUT',
  error: 'UNAVAILABLE',
  'bad-manifest': 'UNAVAILABLE',
  cancelled: 'CANCELLED',
};

/** The registry client's messages are written to be shown (no credentials, no token): they are the reason. */
function registryProblem(error: unknown, image: string): Error {
  if (!(error instanceof RegistryError)) return error as Error;
  return new AppError(CODES[error.failure], `Cannot list the tags of ${image}: ${error.message}`);
}

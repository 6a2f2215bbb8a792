/**
 * Quick deploy's first half: pull an image on the chosen host (with the saved registry login) and read
 * what it declares — exposed ports, HEALTHCHECK, labels, env — to prefill a workload.
 */
import { AppError } from '@shared/rpc/errors';
import type { z } from 'zod';
import type { imageInspectionSchema } from '@shared/schemas/workloads';
import type Docker from 'dockerode';
import { parseImageReference } from '../registry/image-reference';
import { engineAuth, type RegistryAccess } from '../registry/registry-client';
import { dnsSafe } from './workload-naming';

export type ImageInspection = z.infer<typeof imageInspectionSchema>;

export interface ImageInspectionDeps {
  docker: (hostId: string) => Promise<Docker>;
  registryAccess: (registry: string) => Promise<RegistryAccess>;
}

export async function inspectImage(
  deps: ImageInspectionDeps,
  hostId: string,
  reference: string,
): Promise<ImageInspection> {
  const ref = (() => {
    try {
      return parseImageReference(reference);
    } catch (error) {
      throw new AppError('VALIDATION', error instanceof Error ? error.message : String(error), 'image');
    }
  })();
  if (ref.digest)
    throw new AppError('VALIDATION', 'Name a tag (a workload follows tags, not digests)', 'image');
  const tag = ref.tag ?? 'latest';
  const repository = `${ref.registry}/${ref.repository}`;
  const image = `${repository}:${tag}`;
  const docker = await deps.docker(hostId);
  await pull(docker, image, await deps.registryAccess(ref.registry), ref.registry);
  const info = await docker.getImage(image).inspect();
  const config = info.Config;
  const exposedPorts = Object.keys(config.ExposedPorts ?? {})
    .filter((key) => key.endsWith('/tcp'))
    .map((key) => Number(key.split('/')[0]))
    .filter((port) => Number.isInteger(port) && port > 0)
    .sort((a, b) => a - b);
  const healthcheck = config.Healthcheck?.Test ?? [];
  return {
    image: repository,
    tag,
    exposedPorts,
    hasHealthcheck: healthcheck.length > 0 && healthcheck[0] !== 'NONE',
    labels: config.Labels ?? {},
    env: (config.Env ?? []).map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? { key: line, value: '' } : { key: line.slice(0, at), value: line.slice(at + 1) };
    }),
    suggestedName: dnsSafe(ref.repository.split('/').pop() ?? 'app', 40),
  };
}

async function pull(docker: Docker, image: string, access: RegistryAccess, registry: string): Promise<void> {
  const authconfig = engineAuth(access, registry);
  const stream = (await docker.pull(image, authconfig ? { authconfig } : {}).catch((error: unknown) => {
    throw pullError(error, image);
  })) as NodeJS.ReadableStream;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) =>
      error ? reject(pullError(error, image)) : resolve(),
    );
  });
}

function pullError(error: unknown, image: string): AppError {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { statusCode?: number }).statusCode;
  const code = status === 404 || /not found|manifest unknown/i.test(message) ? 'NOT_FOUND' : 'UNAVAILABLE';
  return new AppError(
    code,
    `Cannot pull ${image}: ${message.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '')}`,
    'image',
  );
}

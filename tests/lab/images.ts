// Test images: FROM scratch + busybox, built on the lab's private builder engine and pushed to the registries.
// Building on a separate engine (not dock1) matters: re-pushing a tag must not change what the docker hosts
// have locally, or update detection could never see a difference.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { labEnv, run } from './proc.js';
import {
  REGISTRY_BASIC,
  REGISTRY_PASSWORD,
  REGISTRY_PLAIN,
  REGISTRY_USER,
  type EngineName,
  type LabPaths,
} from './topology.js';

const BASE_IMAGE = 'twlab/busybox:base';
const BUSYBOX = '/bin/busybox';

/** The Debian CLI matches the Debian engine (API 1.41); a newer CLI elsewhere on PATH would also work. */
export function dockerBinary(): string {
  return process.env.TIDEWATCH_DOCKER_CLI ?? '/usr/bin/docker';
}

/** Runs the docker CLI against one lab engine's socket, with the lab's own DOCKER_CONFIG. */
export function dockerOn(
  paths: LabPaths,
  engine: EngineName,
  args: string[],
  input?: string,
): Promise<string> {
  const env = labEnv({ DOCKER_CONFIG: paths.dockerConfig, DOCKER_BUILDKIT: '0', DOCKER_CLI_HINTS: 'false' });
  return run(dockerBinary(), ['-H', `unix://${paths.engine(engine).socket}`, ...args], { env, input });
}

export interface BuildImageOptions {
  /** repository path without registry, e.g. 'lab/web' */
  repo: string;
  tag: string;
  /** text of /www/index.html; defaults to one naming repo and tag */
  page?: string;
  /** false: the HEALTHCHECK always fails (it asks for /healthz, which never exists) */
  healthy?: boolean;
  /** registry address(es) to push to; default the anonymous one (10.231.0.10:5000) */
  registry?: string | string[];
  /** more tags for the same image, e.g. ['latest'] */
  extraTags?: string[];
}

export interface PushedImage {
  /** every reference pushed, registry/repo:tag */
  refs: string[];
  /** manifest digest (sha256:…), identical in every registry */
  digest: string;
}

export async function prepareBuilder(paths: LabPaths): Promise<void> {
  await mkdir(paths.dockerConfig, { recursive: true, mode: 0o700 });
  await writeFile(join(paths.dockerConfig, 'config.json'), '{}\n', { mode: 0o600 });
  const login = dockerOn(
    paths,
    'builder',
    ['login', REGISTRY_BASIC, '-u', REGISTRY_USER, '--password-stdin'],
    REGISTRY_PASSWORD,
  );
  await Promise.all([login, buildBaseImage(paths)]);
}

/** busybox with its applet links, built once per engine; every test image is a small layer on top. */
async function buildBaseImage(paths: LabPaths): Promise<void> {
  const dir = join(paths.buildDir, 'base');
  await mkdir(dir, { recursive: true });
  await copyFile(BUSYBOX, join(dir, 'busybox'));
  const dockerfile = [
    'FROM scratch',
    'COPY busybox /bin/busybox',
    'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
    '',
  ].join('\n');
  await writeFile(join(dir, 'Dockerfile'), dockerfile);
  await dockerOn(paths, 'builder', ['build', '-q', '-t', BASE_IMAGE, dir]);
}

function webDockerfile(tag: string, healthy: boolean): string {
  const probe = healthy ? 'http://127.0.0.1:8080/' : 'http://127.0.0.1:8080/healthz';
  return [
    `FROM ${BASE_IMAGE}`,
    'COPY www /www',
    `LABEL org.opencontainers.image.version=${JSON.stringify(tag)}`,
    `HEALTHCHECK --interval=2s --timeout=2s --retries=2 CMD wget -q -O- ${probe} || exit 1`,
    'EXPOSE 8080',
    // httpd as PID 1 would ignore SIGTERM and every `docker stop` would wait its full 10 s timeout.
    `CMD ["sh", "-c", "trap 'exit 0' TERM INT; httpd -f -p 8080 -h /www & wait"]`,
    '',
  ].join('\n');
}

export async function buildAndPushImage(paths: LabPaths, opts: BuildImageOptions): Promise<PushedImage> {
  const registries = [opts.registry ?? REGISTRY_PLAIN].flat();
  const tags = [opts.tag, ...(opts.extraTags ?? [])];
  const refs = registries.flatMap((r) => tags.map((t) => `${r}/${opts.repo}:${t}`));
  await mkdir(paths.buildDir, { recursive: true });
  const dir = await mkdtemp(join(paths.buildDir, 'img-'));
  try {
    await mkdir(join(dir, 'www'));
    const page = opts.page ?? `<h1>${opts.repo} ${opts.tag}</h1>\n`;
    await writeFile(join(dir, 'www', 'index.html'), page);
    await writeFile(join(dir, 'Dockerfile'), webDockerfile(opts.tag, opts.healthy ?? true));
    await dockerOn(paths, 'builder', ['build', '-q', ...refs.flatMap((r) => ['-t', r]), dir]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const digests = await Promise.all(refs.map((ref) => push(paths, ref)));
  return { refs, digest: digests[0] ?? '' };
}

/**
 * Pushes to one registry run one after another: distribution's filesystem storage answers 500 when two
 * pushes upload the same blob at the same moment (all lab images share the busybox layer).
 */
const pushQueues = new Map<string, Promise<unknown>>();

function push(paths: LabPaths, ref: string): Promise<string> {
  const registry = ref.slice(0, ref.indexOf('/'));
  const next = (pushQueues.get(registry) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => pushWithRetry(paths, ref));
  pushQueues.set(registry, next);
  return next;
}

async function pushWithRetry(paths: LabPaths, ref: string, attempts = 3): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await dockerOn(paths, 'builder', ['push', ref]);
      const digest = /digest: (sha256:[0-9a-f]{64})/.exec(out)?.[1];
      if (!digest) throw new Error(`push of ${ref} printed no digest:\n${out}`);
      return digest;
    } catch (err) {
      // Another process (a test, or `docker push` by hand) may still race us; a retry settles it.
      if (attempt >= attempts) throw err;
    }
  }
}

import type { Platform } from '../registry/platform';

/** A Docker host as the poller knows it. */
export interface HostRef {
  id: string;
  name: string;
  /** Set when the poller must not reach this host now (the user disconnected it): the reason to show. */
  skipReason?: string | null;
}

/** What the poller needs to know about one container (from container list + image inspect). */
export interface WatchedContainer {
  id: string;
  name: string;
  /** The reference the container was created from (`Config.Image`), e.g. `nginx:1.25`. */
  image: string;
  imageId: string;
  /** `RepoDigests` of the image: `repo@sha256:…`, the digest it was pulled by (manifest or index). */
  repoDigests: string[];
  labels: Record<string, string>;
  /** From image inspect: Os, Architecture, Variant. */
  platform: Platform;
  state?: string;
}

/**
 * Where containers come from. The Docker layer (electron/core/docker) provides the real one over SSH;
 * tests use an adapter over a local socket or a fixed list.
 */
export interface ContainerSource {
  hosts(): HostRef[] | Promise<HostRef[]>;
  listContainers(hostId: string, signal?: AbortSignal): Promise<WatchedContainer[]>;
}

/** A source with no hosts: the default until the Docker layer is wired in. */
export const emptyContainerSource: ContainerSource = {
  hosts: () => [],
  listContainers: async () => [],
};

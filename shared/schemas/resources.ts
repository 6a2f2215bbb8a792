/**
 * A host's images, volumes and networks: list, remove, prune, and pulling images with layer progress.
 * Every id or name is checked against a strict pattern so nothing a caller sends can change the Docker API
 * path it lands in.
 */
import { z } from 'zod';
import { event, method, removedResult } from '../rpc/define';
import { hostIdSchema } from './ids';

/** `sha256:<hex>`, a short hex id, or a reference like `registry:5000/team/app:1.0` / `app@sha256:…`. */
export const imageIdSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$/, 'Expected an image id or reference')
  .refine((value) => !value.includes('..') && !value.includes('//'), 'Expected an image id or reference');

/** What `docker pull` accepts: `[registry/]repository[:tag][@digest]`. */
export const imageReferenceSchema = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .regex(/^[a-z0-9][A-Za-z0-9_.:/@-]*$/, 'Expected an image reference like registry/team/app:1.0')
  .refine((value) => !value.includes('..') && !value.includes('//'), 'Expected an image reference');

/** Docker's own rule for volume names. */
export const volumeNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'Expected a volume name (letters, digits, _ . -)');

/** A network id (hex) or name. */
export const networkIdSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'Expected a network id or name (letters, digits, _ . -)');

export const pullIdSchema = z.string().min(1).max(100);

const hostScope = z.object({ hostId: hostIdSchema }).strict();

export const imageSchema = z.object({
  /** `sha256:…` */
  id: z.string(),
  repoTags: z.array(z.string()),
  repoDigests: z.array(z.string()),
  size: z.number().nonnegative(),
  created: z.iso.datetime(),
  /** No tag at all (`<none>:<none>`). */
  dangling: z.boolean(),
  /** Names of the containers (running or not) created from it. */
  containers: z.array(z.string()),
});

export const pruneResultSchema = z.object({
  /** Ids (images) or names (volumes, networks) that were removed. */
  removed: z.array(z.string()),
  reclaimedBytes: z.number().nonnegative(),
});

export const imagePrunePreviewSchema = z.object({
  /** The images a prune would remove: dangling ones no container uses. */
  images: z.array(imageSchema),
  reclaimableBytes: z.number().nonnegative(),
});

export const volumeSchema = z.object({
  name: z.string(),
  driver: z.string(),
  mountpoint: z.string(),
  /** Null when the driver does not say. */
  created: z.iso.datetime().nullable(),
  containers: z.array(z.string()),
  /** Null when the engine does not report it cheaply (only local volumes, from `docker system df`). */
  sizeBytes: z.number().nullable(),
});

export const networkContainerSchema = z.object({
  name: z.string(),
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
});

export const networkSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  subnets: z.array(z.object({ subnet: z.string(), gateway: z.string().nullable() })),
  containers: z.array(networkContainerSchema),
  /** bridge, host and none: Docker's own, never removable. */
  builtIn: z.boolean(),
  created: z.iso.datetime().nullable(),
});

export const pullLayerSchema = z.object({
  id: z.string(),
  status: z.string(),
  current: z.number().nonnegative(),
  total: z.number().nonnegative(),
});

/** The state of one pull: every layer as last reported; `done` or `error` on the last event of a pull. */
export const pullProgressEventSchema = z.object({
  hostId: hostIdSchema,
  pullId: z.string(),
  reference: z.string(),
  layers: z.array(pullLayerSchema),
  done: z.boolean(),
  /** Why the pull failed or that it was cancelled; null while running and on success. */
  error: z.string().nullable(),
});

export type Image = z.infer<typeof imageSchema>;
export type Volume = z.infer<typeof volumeSchema>;
export type Network = z.infer<typeof networkSchema>;
export type PruneResult = z.infer<typeof pruneResultSchema>;
export type ImagePrunePreview = z.infer<typeof imagePrunePreviewSchema>;
export type PullLayer = z.infer<typeof pullLayerSchema>;
export type PullProgressEvent = z.infer<typeof pullProgressEventSchema>;

/**
 * `images.*`, `volumes.*`, `networks.*`. Errors: NOT_FOUND (unknown host, image, volume or network),
 * CONFLICT (removing something a container uses), VALIDATION (bad id, a built-in network), UNAVAILABLE.
 */
export const resourcesMethods = {
  'images.list': method(hostScope, z.array(imageSchema)),
  /** Without force an image a container uses → CONFLICT naming the containers. */
  'images.remove': method(
    z.object({ hostId: hostIdSchema, imageId: imageIdSchema, force: z.boolean().default(false) }).strict(),
    removedResult(z.string()),
  ),
  'images.prunePreview': method(hostScope, imagePrunePreviewSchema),
  /** Removes dangling images no container uses (Docker's own `image prune`). */
  'images.prune': method(hostScope, pruneResultSchema),
  /** Answers at once; progress follows as `images.pullProgress` until an event with `done`. */
  'images.pull': method(
    z.object({ hostId: hostIdSchema, reference: imageReferenceSchema }).strict(),
    z.object({ pullId: z.string() }),
  ),
  /** `cancelled`: false when the pull had already finished. */
  'images.cancelPull': method(
    z.object({ pullId: pullIdSchema }).strict(),
    z.object({ cancelled: z.boolean() }),
  ),
  'volumes.list': method(hostScope, z.array(volumeSchema)),
  'volumes.remove': method(
    z.object({ hostId: hostIdSchema, name: volumeNameSchema }).strict(),
    removedResult(z.string()),
  ),
  /** Removes volumes no container uses (all of them, named ones too). */
  'volumes.prune': method(hostScope, pruneResultSchema),
  'networks.list': method(hostScope, z.array(networkSchema)),
  'networks.remove': method(
    z.object({ hostId: hostIdSchema, networkId: networkIdSchema }).strict(),
    removedResult(z.string()),
  ),
  /**
   * Removes user networks no container (running or stopped) is configured on: the ones the list shows
   * without containers. Unlike Docker's own prune it keeps networks only stopped containers use.
   */
  'networks.prune': method(hostScope, pruneResultSchema),
};

export const resourcesEvents = {
  'images.pullProgress': event(pullProgressEventSchema),
};

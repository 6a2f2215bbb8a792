import type { imageInspectionSchema } from '@shared/schemas/workloads';
import type { z } from 'zod';
import { emptyStage, EMPTY_WORKLOAD_FORM, type WorkloadFormValues } from '../editor/workload-form-values';

export type ImageInspection = z.infer<typeof imageInspectionSchema>;

/** The repository of a reference: without `@digest` and without a `:tag` in its last path segment. */
export function repositoryOf(reference: string): string {
  const withoutDigest = reference.trim().split('@')[0] ?? '';
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/**
 * The editor prefilled from what the image declares: its suggested name, its first exposed port, no
 * health path (its HEALTHCHECK gates, or the user adds one), one `prod` stage following every tag.
 */
export function quickDeployValues(inspection: ImageInspection, hostId: string): WorkloadFormValues {
  return {
    ...EMPTY_WORKLOAD_FORM,
    name: inspection.suggestedName,
    hostId,
    image: repositoryOf(inspection.image),
    port: inspection.exposedPorts[0] ?? '',
    healthPath: '',
    stages: [emptyStage('prod')],
  };
}

/**
 * "This image was pushed" (CI hook, GitHub/Gitea/GitLab/Docker Hub events): the workloads on that image
 * act through their stages (auto-deploy or "ready to deploy"); an image no workload uses is only noted
 * (default) or, when the user chose so, becomes a new workload deployed from its own metadata.
 */
import { workloadInputSchema, type Workload } from '@shared/schemas/workloads';
import type { ImageInspection } from '../workloads/image-inspection';
import type { WebhookConfig } from '@shared/schemas/webhooks';
import { parseImageReference } from '../registry/image-reference';
import type { StageFinding } from '../workloads/stage-watch';
import type { WorkResult } from './delivery-worker';

export interface ImagePushDeps {
  pushed: (registry: string, repository: string, tag: string) => Promise<StageFinding[] | null>;
  workloadName: (id: number) => string;
  config: () => WebhookConfig;
  workloads: () => Workload[];
  inspect: (hostId: string, image: string) => Promise<ImageInspection>;
  create: (input: ReturnType<typeof workloadInputSchema.parse>) => Promise<Workload>;
  deploy: (id: number, stage: string, tag: string) => Promise<void>;
  /** No workload uses the image: tell the user (tray, notification). */
  unknown: (image: string) => void;
}

const ACTIONS: Record<StageFinding['action'], string> = {
  deployed: 'deploying',
  pending: 'ready to deploy',
  busy: 'busy with another deploy, the next check retries',
  none: 'already runs',
};

export async function handlePush(image: string, deps: ImagePushDeps): Promise<WorkResult> {
  const ref = parseImageReference(image);
  const tag = ref.tag ?? 'latest';
  const findings = await deps.pushed(ref.registry, ref.repository, tag);
  if (findings === null) return unknownImage(image, deps);
  if (findings.length === 0) {
    return { state: 'ignored', action: `no stage takes the tag ${tag}` };
  }
  const action = findings
    .map(
      (finding) =>
        `${deps.workloadName(finding.workloadId)} ${finding.stage}: ${ACTIONS[finding.action]} ${tag}`,
    )
    .join('; ');
  return { state: 'done', action };
}

async function unknownImage(image: string, deps: ImagePushDeps): Promise<WorkResult> {
  const config = deps.config();
  if (config.unknownImage === 'notify' || config.createOnHostId === null) {
    deps.unknown(image);
    return { state: 'done', action: 'no workload uses this image; notified' };
  }
  const inspection = await deps.inspect(config.createOnHostId, image);
  const name = uniqueName(inspection.suggestedName, deps.workloads());
  const ref = parseImageReference(image);
  const workload = await deps.create(
    workloadInputSchema.parse({
      name,
      hostId: config.createOnHostId,
      image: `${ref.registry}/${ref.repository}`,
      port: inspection.exposedPorts[0] ?? 80,
      stages: [{ name: 'dev', tagPattern: '*', autoDeploy: true }],
    }),
  );
  await deps.deploy(workload.id, 'dev', inspection.tag);
  return { state: 'done', action: `created workload ${name} and deploying ${inspection.tag} to dev` };
}

function uniqueName(base: string, existing: readonly Workload[]): string {
  const taken = new Set(existing.map((workload) => workload.name));
  if (!taken.has(base)) return base;
  for (let index = 2; ; index += 1) {
    const candidate = `${base.slice(0, 36)}-${index}`;
    if (!taken.has(candidate)) return candidate;
  }
}

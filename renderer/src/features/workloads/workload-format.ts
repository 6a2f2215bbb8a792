import type { Stage, WorkloadInstance, WorkloadView } from '@shared/schemas/workloads';

/** How long since `createdAt`, in the largest unit that matters: "45 s", "12 min", "3 h 5 min", "4 d 2 h". */
export function uptime(createdAt: string, now: number = Date.now()): string {
  const started = Date.parse(createdAt);
  if (Number.isNaN(started)) return '—';
  const seconds = Math.max(0, Math.floor((now - started) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A stage's instances, the live one first, then newest first. */
export function stageInstances(workload: WorkloadView, stage: string): WorkloadInstance[] {
  return workload.instances
    .filter((instance) => instance.stage === stage)
    .sort((a, b) => Number(b.live) - Number(a.live) || b.createdAt.localeCompare(a.createdAt));
}

/** Instances whose stage is no longer configured (renamed or removed): still on the host, still shown. */
export function orphanInstances(workload: WorkloadView): WorkloadInstance[] {
  const names = new Set(workload.stages.map((stage) => stage.name));
  return workload.instances.filter((instance) => !names.has(instance.stage));
}

/** What a stage follows, in words: "auto-deploy v*", "pinned latest", "manual *". */
export function stagePolicy(stage: Stage): string {
  if (stage.pinnedTag) return `pinned ${stage.pinnedTag}${stage.autoDeploy ? ', auto-deploy' : ''}`;
  return `${stage.autoDeploy ? 'auto-deploy' : 'manual'} ${stage.tagPattern}`;
}

/** The deploy record's stage label for a blue-green deploy: `<workload>.<stage>`. */
export function deployTarget(workloadName: string, stage: string): string {
  return `${workloadName}.${stage}`;
}

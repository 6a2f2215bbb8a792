/**
 * Feeds new tags and digests to workload stages. For each stage (promotion stages excepted: a person
 * promotes): with no pin, the newest tag matching the pattern; with a pinned tag, that tag whenever its
 * digest differs from the one last deployed (registrywatcher's pin). A stage with auto-deploy (and no
 * confirmation) deploys it through the engine; the others keep it as "ready to deploy" and notify.
 * What arrived while auto-deploy was off stays pending, so turning auto-deploy on acts on it at once
 * (registrywatcher ignored those).
 */
import { AppError } from '@shared/rpc/errors';
import type { Stage, Workload } from '@shared/schemas/workloads';
import type { Logger } from '../logging/logger';
import { parseImageReference } from '../registry/image-reference';
import { newestFirst, type WorkloadDeployer } from './workload-deployer';
import { tagMatches } from './workload-naming';
import type { WorkloadService } from './workload-service';

export interface StageWatchDeps {
  workloads: WorkloadService;
  deployer: WorkloadDeployer;
  listTags: (image: string) => Promise<string[]>;
  /** The digest a deploy of `image:tag` records (the index digest for a multi-platform image). */
  digestOf: (workload: Workload, tag: string) => Promise<string>;
  /** A stage has a tag waiting for a person: tray, notification. */
  ready: (workload: Workload, stage: Stage, tag: string) => void;
  logger: Logger;
}

export interface StageFinding {
  workloadId: number;
  stage: string;
  tag: string;
  action: 'deployed' | 'pending' | 'busy' | 'none';
}

export class StageWatch {
  private running: Promise<StageFinding[]> | null = null;

  constructor(private readonly deps: StageWatchDeps) {}

  /** Checks every workload (or one); a check already under way is joined, not doubled. */
  check(id?: number): Promise<StageFinding[]> {
    if (id === undefined) {
      this.running ??= this.checkAll().finally(() => (this.running = null));
      return this.running;
    }
    return this.checkOne(this.deps.workloads.get(id));
  }

  /**
   * A push of `registry/repository:tag` was announced (CI hook, registry event): each stage of each
   * workload on that image whose pattern (or pin) takes the tag acts on it now, as a check would.
   * null when no workload uses the image.
   */
  async pushed(registry: string, repository: string, tag: string): Promise<StageFinding[] | null> {
    const users = this.deps.workloads.list().filter((workload) => {
      const ref = parseImageReference(workload.image);
      return ref.registry === registry && ref.repository === repository;
    });
    if (users.length === 0) return null;
    const findings: StageFinding[] = [];
    for (const workload of users) {
      for (const stage of workload.stages) {
        if (stage.promoteFrom) continue;
        const takes = stage.pinnedTag ? stage.pinnedTag === tag : tagMatches(stage.tagPattern, tag);
        if (!takes) continue;
        if (await this.alreadyRuns(workload, stage, tag)) {
          findings.push({ workloadId: workload.id, stage: stage.name, tag, action: 'none' });
          continue;
        }
        findings.push(await this.act(workload, stage, tag));
      }
    }
    return findings;
  }

  /** The stage runs this tag at the digest the registry has now (a repeated hook, not a new build). */
  private async alreadyRuns(workload: Workload, stage: Stage, tag: string): Promise<boolean> {
    const running = await this.deps.deployer.runningTags(workload, stage.name);
    if (!running.includes(tag) && !stage.pinnedTag) return false;
    const digest = await this.deps.digestOf(workload, tag);
    return digest === stage.deployedDigest;
  }

  private async checkAll(): Promise<StageFinding[]> {
    const findings: StageFinding[] = [];
    for (const workload of this.deps.workloads.list()) {
      try {
        findings.push(...(await this.checkOne(workload)));
      } catch (error) {
        this.deps.logger.warn('workload check failed', { workloadId: workload.id, error });
      }
    }
    return findings;
  }

  private async checkOne(workload: Workload): Promise<StageFinding[]> {
    const stages = workload.stages.filter((stage) => !stage.promoteFrom);
    if (stages.length === 0) return [];
    const tags = await this.deps.listTags(workload.image);
    const findings: StageFinding[] = [];
    for (const stage of stages) {
      const tag = await this.candidate(workload, stage, tags);
      if (tag) findings.push(await this.act(workload, stage, tag));
    }
    return findings;
  }

  /** The tag the stage should run and does not yet; null when it is up to date. */
  private async candidate(workload: Workload, stage: Stage, tags: readonly string[]): Promise<string | null> {
    if (stage.pinnedTag) {
      if (!tags.includes(stage.pinnedTag)) return null;
      const digest = await this.deps.digestOf(workload, stage.pinnedTag);
      return digest === stage.deployedDigest ? null : stage.pinnedTag;
    }
    const [newest] = newestFirst(tags.filter((tag) => tagMatches(stage.tagPattern, tag)));
    if (!newest) return null;
    const running = await this.deps.deployer.runningTags(workload, stage.name);
    return running.includes(newest) ? null : newest;
  }

  private async act(workload: Workload, stage: Stage, tag: string): Promise<StageFinding> {
    const finding = { workloadId: workload.id, stage: stage.name, tag };
    if (!stage.autoDeploy || stage.confirm) {
      if (stage.pendingTag !== tag) {
        this.deps.workloads.setPending(workload.id, stage.id, tag);
        this.deps.ready(workload, stage, tag);
      }
      return { ...finding, action: 'pending' };
    }
    try {
      const { finished } = await this.deps.deployer.deploy({
        id: workload.id,
        stage: stage.name,
        tag,
        confirmed: false,
        automatic: true,
      });
      finished.catch(() => undefined);
      return { ...finding, action: 'deployed' };
    } catch (error) {
      // A deploy of the stage is running: the next check looks again.
      if (error instanceof AppError && error.code === 'BUSY') return { ...finding, action: 'busy' };
      throw error;
    }
  }
}

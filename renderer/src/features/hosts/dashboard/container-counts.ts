import type { Container } from '@shared/schemas/containers';

export interface ContainerCounts {
  running: number;
  stopped: number;
  unhealthy: number;
}

/** Running includes paused/restarting (they hold resources); unhealthy counts only failing health checks. */
export function countContainers(containers: readonly Container[]): ContainerCounts {
  let running = 0;
  let stopped = 0;
  let unhealthy = 0;
  for (const container of containers) {
    if (container.state === 'running' || container.state === 'paused' || container.state === 'restarting')
      running++;
    else stopped++;
    if (container.health === 'unhealthy') unhealthy++;
  }
  return { running, stopped, unhealthy };
}

export function addCounts(a: ContainerCounts, b: ContainerCounts): ContainerCounts {
  return {
    running: a.running + b.running,
    stopped: a.stopped + b.stopped,
    unhealthy: a.unhealthy + b.unhealthy,
  };
}

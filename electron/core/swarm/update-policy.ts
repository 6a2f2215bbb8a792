import type Docker from 'dockerode';

/**
 * The update policy every service Tidewatch touches gets: start-first (a new task runs before an old one
 * stops, so no request is lost), rollback on the first failed task, and a rollback that is itself
 * start-first and pauses if it fails. Docker counts these durations in nanoseconds.
 */
export const NANOS_PER_SECOND = 1_000_000_000;

export interface UpdatePolicyInput {
  parallelism: number;
  delaySeconds: number;
  monitorSeconds: number;
}

export interface UpdatePolicy {
  UpdateConfig: Docker.UpdateConfig;
  RollbackConfig: Docker.UpdateConfig;
}

export function updatePolicy({ parallelism, delaySeconds, monitorSeconds }: UpdatePolicyInput): UpdatePolicy {
  const shared = {
    Parallelism: parallelism,
    Order: 'start-first',
    Monitor: monitorSeconds * NANOS_PER_SECOND,
  };
  return {
    UpdateConfig: {
      ...shared,
      Delay: delaySeconds * NANOS_PER_SECOND,
      FailureAction: 'rollback',
      MaxFailureRatio: 0,
    },
    RollbackConfig: { ...shared, FailureAction: 'pause' },
  };
}

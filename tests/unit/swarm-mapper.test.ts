import { describe, expect, it } from 'vitest';
import {
  mapNode,
  mapService,
  splitPinnedImage,
  type EngineTask,
} from '../../electron/core/swarm/swarm-mapper';
import { updatePolicy } from '../../electron/core/swarm/update-policy';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function task(id: string, fields: Partial<EngineTask> & { state?: string; at?: string }): EngineTask {
  return {
    ID: id,
    ServiceID: 'svc1',
    DesiredState: 'running',
    Spec: { ContainerSpec: { Image: `reg:5000/web:1@${DIGEST}` } },
    Status: { State: fields.state ?? 'running', Timestamp: fields.at ?? '2026-12-04T10:00:00Z' },
    ...fields,
  };
}

describe('swarm mapper', () => {
  it('splits a pinned image into its reference and digest', () => {
    expect(splitPinnedImage(`reg:5000/web:1@${DIGEST}`)).toEqual({ image: 'reg:5000/web:1', digest: DIGEST });
    expect(splitPinnedImage('nginx:1.25')).toEqual({ image: 'nginx:1.25', digest: null });
  });

  it("takes a manager's address from its manager status when the node reports 0.0.0.0", () => {
    const manager = mapNode({
      ID: 'n1',
      Description: { Hostname: 'a', Engine: { EngineVersion: '20.10' } },
      Spec: { Role: 'manager', Availability: 'active' },
      Status: { State: 'ready', Addr: '0.0.0.0' },
      ManagerStatus: { Leader: true, Addr: '10.0.0.1:2377' },
    });
    expect(manager).toEqual({
      id: 'n1',
      hostname: 'a',
      role: 'manager',
      leader: true,
      state: 'ready',
      availability: 'active',
      engineVersion: '20.10',
      address: '10.0.0.1',
    });
    const worker = mapNode({
      ID: 'n2',
      Spec: { Role: 'worker' },
      Status: { State: 'down', Addr: '10.0.0.2' },
    });
    expect(worker).toMatchObject({ role: 'worker', leader: false, state: 'down', address: '10.0.0.2' });
  });

  it('counts running tasks and lists current tasks by slot, then the newest replaced ones', () => {
    const tasks: EngineTask[] = [
      task('t2', { Slot: 2 }),
      task('t1', { Slot: 1, state: 'starting' }),
      ...Array.from({ length: 9 }, (_, index) =>
        task(`old${index}`, {
          Slot: 1,
          DesiredState: 'shutdown',
          state: 'failed',
          at: `2026-12-04T09:0${index}:00Z`,
        }),
      ),
      task('other', { ServiceID: 'svc2' }),
    ];
    const service = mapService(
      {
        ID: 'svc1',
        Spec: {
          Name: 'web',
          Mode: { Replicated: { Replicas: 2 } },
          TaskTemplate: { ContainerSpec: { Image: `reg:5000/web:1@${DIGEST}` } },
          UpdateConfig: { Order: 'start-first', FailureAction: 'rollback' },
          EndpointSpec: { Mode: 'dnsrr' },
        },
        UpdateStatus: { State: 'rollback_completed', Message: 'rolled back' },
      },
      tasks,
    );
    expect(service).toMatchObject({
      name: 'web',
      image: 'reg:5000/web:1',
      digest: DIGEST,
      mode: 'replicated',
      replicas: 2,
      running: 1,
      endpointMode: 'dnsrr',
      updateOrder: 'start-first',
      failureAction: 'rollback',
      hasPrevious: false,
      update: { state: 'rollback_completed', message: 'rolled back', startedAt: null, completedAt: null },
    });
    expect(service.tasks.map((entry) => entry.id)).toEqual([
      't1',
      't2',
      'old8',
      'old7',
      'old6',
      'old5',
      'old4',
      'old3',
    ]);
  });
});

describe('updatePolicy', () => {
  it('is start-first both ways, rolls back on the first failure, and counts in nanoseconds', () => {
    const policy = updatePolicy({ parallelism: 2, delaySeconds: 3, monitorSeconds: 15 });
    expect(policy.UpdateConfig).toEqual({
      Parallelism: 2,
      Order: 'start-first',
      Monitor: 15_000_000_000,
      Delay: 3_000_000_000,
      FailureAction: 'rollback',
      MaxFailureRatio: 0,
    });
    expect(policy.RollbackConfig).toEqual({
      Parallelism: 2,
      Order: 'start-first',
      Monitor: 15_000_000_000,
      FailureAction: 'pause',
    });
  });
});

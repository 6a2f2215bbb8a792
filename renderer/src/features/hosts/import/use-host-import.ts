import type { HostStatus, TestConnectionResult } from '@shared/schemas/hosts';
import { useRef, useState } from 'react';
import { useClient } from '../../../api/context';
import { useInvalidateHosts } from '../../../api/hosts';
import { errorMessage } from '../../../api/query-client';
import type { PlannedHost } from './import-plan';

/**
 * added → checking → review (key shown) → trusting → done; or waiting (its jump host's key is not trusted
 * yet) and failed (with the reason). Nothing is trusted without the user ticking the row.
 */
export type ImportPhase = 'adding' | 'checking' | 'waiting' | 'review' | 'trusting' | 'done' | 'failed';

export interface ImportRow {
  key: string;
  name: string;
  /** user@address[:port], as it will be dialled. */
  endpoint: string;
  /** The jump host's name, or null for a direct connection. */
  via: string | null;
  addedAsJump: boolean;
  phase: ImportPhase;
  hostId: string | null;
  fingerprint: string | null;
  algorithm: string | null;
  /** What happened, in words: a reason, a state, where Docker was found. */
  message: string;
  /** For colour: the final connection state of a trusted host. */
  state: HostStatus['state'] | null;
}

/** Checks run a few at a time: each is its own short SSH connection. */
const CHECK_CONCURRENCY = 4;

/**
 * Adds the planned hosts, shows each new server key for review and, for the rows the user ticks, pins the
 * key, saves the socket Docker was found at, and connects. Jump hosts go first; a host behind a jump host
 * is checked once that jump host is trusted.
 */
export function useHostImport() {
  const client = useClient();
  const invalidate = useInvalidateHosts();
  // The steps are async and read rows their earlier steps wrote: they read the ref, the render reads state.
  const rowsRef = useRef<ImportRow[]>([]);
  const [rows, setRows] = useState<ImportRow[]>([]);
  const plansRef = useRef(new Map<string, PlannedHost>());
  const [busy, setBusy] = useState(false);

  const setAll = (next: ImportRow[]) => {
    rowsRef.current = next;
    setRows(next);
  };
  const patch = (key: string, change: Partial<ImportRow>) =>
    setAll(rowsRef.current.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const row = (key: string) => rowsRef.current.find((each) => each.key === key);

  /** The jump host's id for creating the host: a planned jump host was created first (jump hosts lead). */
  const jumpIdOf = (plan: PlannedHost): { id: string | null } | { fail: string } => {
    if (plan.jump.kind === 'none') return { id: null };
    if (plan.jump.kind === 'saved') return { id: plan.jump.hostId };
    const id = row(plan.jump.key)?.hostId;
    return id ? { id } : { fail: `Its jump host ${plan.jump.name} could not be added` };
  };

  /** Whether the host can be dialled now: a host behind a new jump host waits for that key to be trusted. */
  const jumpReadiness = (plan: PlannedHost): 'ready' | { wait: string } | { fail: string } => {
    if (plan.jump.kind !== 'planned') return 'ready';
    const jumpRow = row(plan.jump.key);
    if (!jumpRow?.hostId || jumpRow.phase === 'failed') {
      return { fail: `Its jump host ${plan.jump.name} cannot be reached` };
    }
    if (jumpRow.phase !== 'done') return { wait: `Waits until the key of ${plan.jump.name} is trusted` };
    return 'ready';
  };

  const add = async (plan: PlannedHost) => {
    if (plan.problem) return patch(plan.key, { phase: 'failed', message: plan.problem });
    const jump = jumpIdOf(plan);
    if ('fail' in jump) return patch(plan.key, { phase: 'failed', message: jump.fail });
    try {
      const host = await client.call('hosts.create', { ...plan.input, jumpHostId: jump.id });
      patch(plan.key, { hostId: host.id, phase: 'checking', message: 'Added; reading its server key' });
    } catch (error) {
      patch(plan.key, { phase: 'failed', message: errorMessage(error) });
    }
  };

  const check = async (plan: PlannedHost) => {
    const current = row(plan.key);
    if (!current?.hostId || (current.phase !== 'checking' && current.phase !== 'waiting')) return;
    const readiness = jumpReadiness(plan);
    if (readiness !== 'ready' && 'wait' in readiness) {
      return patch(plan.key, { phase: 'waiting', message: readiness.wait });
    }
    if (readiness !== 'ready') return patch(plan.key, { phase: 'failed', message: readiness.fail });
    patch(plan.key, { phase: 'checking', message: 'Reading its server key' });
    try {
      const result = await client.call('hosts.testConnection', { hostId: current.hostId });
      if (result.state === 'host-key-unknown' && result.fingerprint) {
        patch(plan.key, {
          phase: 'review',
          fingerprint: result.fingerprint,
          algorithm: result.algorithm,
          message: 'New key: compare it, then tick the row',
        });
      } else patch(plan.key, { phase: 'failed', message: result.reason, state: result.state });
    } catch (error) {
      patch(plan.key, { phase: 'failed', message: errorMessage(error) });
    }
  };

  const checkAll = async () => {
    const queue = [...plansRef.current.values()];
    const worker = async () => {
      for (let plan = queue.shift(); plan; plan = queue.shift()) await check(plan);
    };
    await Promise.all(Array.from({ length: CHECK_CONCURRENCY }, worker));
  };

  const trustOne = async (key: string) => {
    const current = row(key);
    const plan = plansRef.current.get(key);
    if (!current?.hostId || !current.fingerprint || current.phase !== 'review' || !plan) return;
    const hostId = current.hostId;
    patch(key, { phase: 'trusting', message: 'Trusting the key and connecting' });
    try {
      // One check past the reviewed key first: it says where Docker answered, so the host keeps that path.
      const test = await client.call('hosts.testConnection', {
        hostId,
        acceptFingerprint: current.fingerprint,
      });
      const socket = foundSocket(test, plan);
      if (socket) await client.call('hosts.update', { hostId, dockerSocket: socket });
      await client.call('hosts.trustHostKey', { hostId, fingerprint: current.fingerprint });
      const status = await client.call('hosts.connect', { hostId });
      patch(key, {
        phase: 'done',
        state: status.state,
        message: socket
          ? `${status.reason}; Docker socket set to ${socket} (found on the host)`
          : status.reason,
      });
    } catch (error) {
      patch(key, { phase: 'failed', message: errorMessage(error) });
    }
  };

  return {
    rows,
    busy,
    /** Adds every planned host (jump hosts first) and reads their server keys. */
    start: async (plans: PlannedHost[]) => {
      setBusy(true);
      plansRef.current = new Map(plans.map((plan) => [plan.key, plan]));
      setAll(plans.map(initialRow));
      try {
        for (const plan of plans) await add(plan);
        invalidate();
        await checkAll();
      } finally {
        setBusy(false);
      }
    },
    /** Pins the ticked keys (in plan order, jump hosts first), connects, then checks the hosts behind them. */
    trust: async (keys: ReadonlySet<string>) => {
      setBusy(true);
      try {
        for (const key of plansRef.current.keys()) if (keys.has(key)) await trustOne(key);
        invalidate();
        await checkAll();
      } finally {
        setBusy(false);
      }
    },
  };
}

function initialRow(plan: PlannedHost): ImportRow {
  const { input } = plan;
  return {
    key: plan.key,
    name: input.name,
    endpoint: `${input.user || '?'}@${input.address}${input.port === 22 ? '' : `:${input.port}`}`,
    via: plan.jump.kind === 'none' ? null : plan.jump.name,
    addedAsJump: plan.addedAsJump,
    phase: 'adding',
    hostId: null,
    fingerprint: null,
    algorithm: null,
    message: 'Waiting to be added',
    state: null,
  };
}

/** The socket Docker answered at when it is not the one the host was created with. */
function foundSocket(test: TestConnectionResult, plan: PlannedHost): string | null {
  const socket = test.docker?.socketPath;
  return plan.input.dockerEnabled && socket && socket !== plan.input.dockerSocket ? socket : null;
}

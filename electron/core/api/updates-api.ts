import type { MethodName } from '@shared/contract';
import type { UpdatesModule } from '../updates/updates-module';
import type { Handler } from './dispatcher';

type UpdatesMethod = Extract<MethodName, `updates.${string}`>;

export function updatesHandlers(updates: UpdatesModule): { [M in UpdatesMethod]: Handler<M> } {
  // An unknown host id is NOT_FOUND before anything is stored, scheduled or announced.
  const known = (hostId: string) => updates.requireHost(hostId);
  return {
    'updates.list': (input) => updates.inbox.list(input),
    'updates.get': (input) => updates.inbox.get(input.id),
    'updates.acknowledge': (input) => ({ changed: updates.inbox.acknowledge(input.ids) }),
    'updates.unacknowledge': (input) => ({ changed: updates.inbox.unacknowledge(input.ids) }),
    'updates.snooze': (input) => ({ changed: updates.inbox.snooze(input) }),
    'updates.restore': (input) => ({ changed: updates.inbox.restore(input.ids) }),
    'updates.ignoreVersion': (input) => ({ changed: updates.inbox.ignoreVersion(input.ids) }),
    'updates.checkNow': async (input) =>
      updates.checkNow(input?.hostId === undefined ? undefined : await known(input.hostId)),
    'updates.cancelCheck': (input) => ({ cancelled: updates.poller.cancel(input.runId) }),
    'updates.status': () => updates.status(),
    'updates.setSchedule': async (input) =>
      updates.scheduler.set({ ...input, hostId: await known(input.hostId) }),
    'updates.groups.list': () => updates.groups.list(),
    'updates.groups.create': (input) => updates.groups.create(input.name),
    'updates.groups.remove': (input) => ({ removed: true as const, ...updates.groups.remove(input.id) }),
    'updates.groups.assign': (input) => ({ changed: updates.groups.assign(input.groupId, input.images) }),
    'updates.notifiers.list': () => updates.notifiers.list(),
    'updates.notifiers.create': (input) => updates.notifiers.create(input),
    'updates.notifiers.remove': async (input) => ({
      removed: true as const,
      ...(await updates.notifiers.remove(input.id)),
    }),
    'updates.notifiers.test': (input) => updates.notifiers.test(input.id),
  };
}

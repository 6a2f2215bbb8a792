import { notifications } from '@mantine/notifications';
import type { ComposeAction } from '@shared/schemas/compose';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { callMethod, methodKey } from '../../api/call';
import { useClient } from '../../api/context';
import { errorMessage } from '../../api/query-client';
import { composeResultNotice } from '../containers/list/compose-project';
import { inCalls, type UpdatePlan } from './fleet-bulk';
import type { FleetProject, FleetRow } from './fleet-rows';

export type BulkContainerAction = 'containers.start' | 'containers.stop' | 'containers.restart';

/** Every settled call refreshes the lists of the hosts it touched (events do too; this is the backstop). */
function useRefreshHosts() {
  const queryClient = useQueryClient();
  return (hostIds: Iterable<string>) => {
    for (const hostId of new Set(hostIds))
      void queryClient.invalidateQueries({ queryKey: methodKey('containers.list', { hostId }) });
  };
}

/** Runs one action on every chosen container (all at once), then says what failed, by name. */
export function useBulkContainerAction() {
  const client = useClient();
  const refresh = useRefreshHosts();
  return (method: BulkContainerAction, rows: readonly FleetRow[]) => {
    void Promise.allSettled(
      rows.map((row) =>
        callMethod(client, method, { hostId: row.container.hostId, containerId: row.container.id }),
      ),
    ).then((results) => {
      const failed = results.flatMap((result, index) =>
        result.status === 'rejected'
          ? [`${rows[index]?.container.name}: ${errorMessage(result.reason)}`]
          : [],
      );
      notifications.show({
        color: failed.length ? 'red' : 'teal',
        title: failed.length
          ? `${failed.length} of ${rows.length} failed`
          : `Done for ${rows.length} container${rows.length === 1 ? '' : 's'}`,
        message: failed.join('\n') || undefined,
        style: { whiteSpace: 'pre-line' },
      });
      refresh(rows.map((row) => row.container.hostId));
    });
  };
}

/**
 * Starts the plan's deploys: one after another on each host, a few hosts at once, each behind its health
 * gate. Names what could not start, then shows the deployments page where they run and can be cancelled.
 */
export function useBulkUpdate() {
  const client = useClient();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return async (plan: UpdatePlan) => {
    let started = 0;
    const refused: string[] = [];
    for (const items of inCalls(plan.items)) {
      try {
        const result = await callMethod(client, 'deploys.startMany', { items });
        started += result.deploys.length;
        refused.push(...result.refused.map((item) => `${item.containerName}: ${item.message}`));
      } catch (error) {
        refused.push(...items.map((item) => `${item.containerName}: ${errorMessage(error)}`));
      }
    }
    void queryClient.invalidateQueries({ queryKey: methodKey('deploys.list') });
    notifications.show({
      color: refused.length > 0 ? 'yellow' : 'blue',
      title: `Updating ${started} container${started === 1 ? '' : 's'}`,
      message:
        refused.length > 0
          ? `Not started:\n${refused.join('\n')}`
          : 'One after another on each host, each behind its health check.',
      style: { whiteSpace: 'pre-line' },
    });
    if (started > 0) void navigate('/deployments');
  };
}

/** Starts, stops or restarts whole compose projects (several hosts at once), in each project's own order. */
export function useBulkProjectAction() {
  const client = useClient();
  const refresh = useRefreshHosts();
  return (action: ComposeAction, projects: readonly FleetProject[]) => {
    void Promise.allSettled(
      projects.map((item) =>
        callMethod(client, 'compose.action', { hostId: item.hostId, project: item.project, action }),
      ),
    ).then((results) => {
      const lines: string[] = [];
      let ok = true;
      results.forEach((result, index) => {
        const item = projects[index];
        if (!item) return;
        if (result.status === 'rejected') {
          ok = false;
          lines.push(`${item.project} on ${item.hostName}: ${errorMessage(result.reason)}`);
          return;
        }
        const notice = composeResultNotice(result.value);
        ok &&= notice.ok;
        lines.push(`${notice.title} on ${item.hostName}${notice.ok ? '' : `\n${notice.message}`}`);
      });
      notifications.show({
        color: ok ? 'teal' : 'red',
        title: `${projects.length} compose project${projects.length === 1 ? '' : 's'}: ${ok ? 'done' : 'not all done'}`,
        message: lines.join('\n'),
        style: { whiteSpace: 'pre-line' },
      });
      refresh(projects.map((item) => item.hostId));
    });
  };
}

import { Button, Group, List, Menu, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import type { ComposeAction } from '@shared/schemas/compose';
import {
  IconChevronDown,
  IconCloudDownload,
  IconPlayerPlay,
  IconPlayerStop,
  IconRefresh,
  IconStack2,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useUpdatesList } from '../../api/updates';
import { updatePlan } from './fleet-bulk';
import { projectsOf, type FleetRow } from './fleet-rows';
import {
  useBulkContainerAction,
  useBulkProjectAction,
  useBulkUpdate,
  type BulkContainerAction,
} from './use-fleet-bulk';

/** What the confirmation dialog is about to do. */
type Pending =
  | { kind: 'containers'; method: Exclude<BulkContainerAction, 'containers.start'> }
  | { kind: 'update' }
  | { kind: 'projects'; action: ComposeAction };

const VERB: Record<ComposeAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart' };

/** Actions on the chosen rows: the containers themselves, an update of each, or their compose projects. */
export function FleetBulkBar({ chosen }: { chosen: readonly FleetRow[] }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const containerAction = useBulkContainerAction();
  const projectAction = useBulkProjectAction();
  const update = useBulkUpdate();
  const { data: entries } = useUpdatesList();
  const projects = projectsOf(chosen);
  const none = chosen.length === 0;

  const confirm = () => {
    if (!pending) return;
    setPending(null);
    if (pending.kind === 'containers') containerAction(pending.method, chosen);
    else if (pending.kind === 'projects') projectAction(pending.action, projects);
    else void update(updatePlan(chosen, entries ?? []));
  };

  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" c="dimmed">
        {chosen.length} selected
      </Text>
      <Button
        size="compact-sm"
        variant="light"
        color="teal"
        leftSection={<IconPlayerPlay size={14} />}
        disabled={none}
        onClick={() => containerAction('containers.start', chosen)}
      >
        Start
      </Button>
      <Button
        size="compact-sm"
        variant="light"
        leftSection={<IconPlayerStop size={14} />}
        disabled={none}
        onClick={() => setPending({ kind: 'containers', method: 'containers.stop' })}
      >
        Stop
      </Button>
      <Button
        size="compact-sm"
        variant="light"
        leftSection={<IconRefresh size={14} />}
        disabled={none}
        onClick={() => setPending({ kind: 'containers', method: 'containers.restart' })}
      >
        Restart
      </Button>
      <Button
        size="compact-sm"
        variant="light"
        color="blue"
        leftSection={<IconCloudDownload size={14} />}
        disabled={none}
        onClick={() => setPending({ kind: 'update' })}
      >
        Update…
      </Button>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button
            size="compact-sm"
            variant="light"
            color="gray"
            leftSection={<IconStack2 size={14} />}
            rightSection={<IconChevronDown size={14} />}
            disabled={projects.length === 0}
          >
            Compose projects ({projects.length})
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Every container of the chosen rows&apos; projects</Menu.Label>
          {(['start', 'stop', 'restart'] as const).map((action) => (
            <Menu.Item
              key={action}
              onClick={() =>
                action === 'start'
                  ? projectAction('start', projects)
                  : setPending({ kind: 'projects', action })
              }
            >
              {VERB[action]} {projects.length === 1 ? 'project' : `${projects.length} projects`}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {pending && (
        <Modal
          opened
          onClose={() => setPending(null)}
          title={confirmTitle(pending, chosen.length, projects.length)}
        >
          <Stack gap="md">
            {confirmBody(pending, chosen, entries ?? [])}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setPending(null)}>
                Cancel
              </Button>
              <Button onClick={confirm}>{confirmLabel(pending)}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Group>
  );
}

function confirmTitle(pending: Pending, containers: number, projects: number): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  switch (pending.kind) {
    case 'containers':
      return `${pending.method === 'containers.stop' ? 'Stop' : 'Restart'} ${plural(containers, 'container')}?`;
    case 'update':
      return `Update ${plural(containers, 'container')}?`;
    case 'projects':
      return `${VERB[pending.action]} ${plural(projects, 'compose project')}?`;
  }
}

function confirmLabel(pending: Pending): string {
  if (pending.kind === 'update') return 'Update';
  if (pending.kind === 'projects') return VERB[pending.action];
  return pending.method === 'containers.stop' ? 'Stop' : 'Restart';
}

function confirmBody(
  pending: Pending,
  chosen: readonly FleetRow[],
  entries: Parameters<typeof updatePlan>[1],
): ReactNode {
  if (pending.kind === 'containers')
    return <Names names={chosen.map((row) => `${row.container.name} on ${row.hostName}`)} />;
  if (pending.kind === 'projects')
    return (
      <>
        <Text size="sm">
          {pending.action === 'stop'
            ? 'Dependents stop first, then what they depend on.'
            : 'Every container of each project, in the order of its dependencies.'}
        </Text>
        <Names names={projectsOf(chosen).map((item) => `${item.project} on ${item.hostName}`)} />
      </>
    );
  const plan = updatePlan(chosen, entries);
  return (
    <>
      <Text size="sm">
        Each host updates its containers one after another, each behind its health check, and rolls back one
        that fails.
      </Text>
      {plan.offered.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            To the version the updates inbox offers ({plan.offered.length})
          </Text>
          <Names names={plan.offered} />
        </>
      )}
      {plan.sameTag.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            No update in the inbox: pulled again at their own tag and redeployed ({plan.sameTag.length})
          </Text>
          <Names names={plan.sameTag} />
        </>
      )}
    </>
  );
}

function Names({ names }: { names: readonly string[] }) {
  return (
    <ScrollArea.Autosize mah={220}>
      <List size="sm" spacing={2}>
        {names.map((name) => (
          <List.Item key={name}>{name}</List.Item>
        ))}
      </List>
    </ScrollArea.Autosize>
  );
}

import { ActionIcon, Badge, Button, Code, Group, Table, Text } from '@mantine/core';
import type { Deploy, DeployProgress } from '@shared/schemas/deploys';
import type { SwarmNode, SwarmService } from '@shared/schemas/swarm';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { useCancelDeploy, useDeploys } from '../../../../api/deploys';
import { useSwarmProgress } from '../../../../api/swarm';
import { SwarmRollbackButton, SwarmUpdateButton } from './SwarmServiceActions';
import { SwarmTasksTable } from './SwarmTasksTable';

interface Props {
  /** The manager the cluster was read through: where updates are sent. */
  managerId: string;
  services: SwarmService[];
  nodes: SwarmNode[];
}

export function SwarmServicesTable({ managerId, services, nodes }: Props) {
  const progress = useSwarmProgress(managerId);
  const running = useDeploys().data?.filter(
    (deploy) => deploy.kind === 'swarm' && deploy.state === 'running' && deploy.hostId === managerId,
  );
  if (services.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No services in this swarm yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing={4} aria-label="Swarm services">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36} />
            <Table.Th>Service</Table.Th>
            <Table.Th>Image</Table.Th>
            <Table.Th>Tasks</Table.Th>
            <Table.Th>Last update</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {services.map((service) => (
            <ServiceRows
              key={service.id}
              managerId={managerId}
              service={service}
              nodes={nodes}
              deploy={running?.find((deploy) => deploy.containerName === service.name)}
              progress={progress.get(service.name)}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface RowProps {
  managerId: string;
  service: SwarmService;
  nodes: SwarmNode[];
  deploy: Deploy | undefined;
  progress: DeployProgress | undefined;
}

function ServiceRows({ managerId, service, nodes, deploy, progress }: RowProps) {
  const [open, setOpen] = useState(false);
  const cancel = useCancelDeploy();
  const Chevron = open ? IconChevronDown : IconChevronRight;
  return (
    <>
      <Table.Tr data-service={service.name}>
        <Table.Td>
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label={`${open ? 'Hide' : 'Show'} tasks of ${service.name}`}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            <Chevron size={14} />
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500}>
            {service.name}
          </Text>
          <Text size="xs" c="dimmed">
            {[service.mode, service.endpointMode, service.updateOrder].filter(Boolean).join(' · ')}
          </Text>
        </Table.Td>
        <Table.Td>
          <Code>{service.image}</Code>
          {service.digest && (
            <Text size="xs" c="dimmed" ff="monospace">
              {service.digest.slice(0, 19)}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Text size="sm" aria-label={`Tasks of ${service.name}`}>
            {service.running}/
            {service.replicas ?? service.tasks.filter((task) => task.desiredState === 'running').length}{' '}
            running
          </Text>
        </Table.Td>
        <Table.Td>
          {service.update ? (
            <Badge
              variant="light"
              color={updateColor(service.update.state)}
              title={service.update.message ?? ''}
              styles={WHOLE}
            >
              {UPDATE_LABELS[service.update.state] ?? service.update.state}
            </Badge>
          ) : (
            <Text size="xs" c="dimmed">
              none
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            {deploy ? (
              <Button size="compact-xs" variant="default" onClick={() => cancel.mutate({ id: deploy.id })}>
                Cancel
              </Button>
            ) : (
              <>
                <SwarmUpdateButton managerId={managerId} service={service} />
                {service.hasPrevious && <SwarmRollbackButton managerId={managerId} service={service} />}
              </>
            )}
          </Group>
        </Table.Td>
      </Table.Tr>
      {deploy && (
        <Table.Tr>
          <Table.Td />
          <Table.Td colSpan={5}>
            <Text size="xs" c="blue" role="status" aria-label={`Update of ${service.name}`}>
              {deploy.step}: {progress?.id === deploy.id && progress.detail ? progress.detail : 'starting'}
            </Text>
          </Table.Td>
        </Table.Tr>
      )}
      {open && (
        <Table.Tr>
          <Table.Td />
          <Table.Td colSpan={5} p={0}>
            <SwarmTasksTable tasks={service.tasks} nodes={nodes} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** Swarm's update states in the words the deploy history uses. */
const UPDATE_LABELS: Record<string, string> = {
  updating: 'updating',
  completed: 'updated',
  paused: 'paused',
  rollback_started: 'rolling back',
  rollback_completed: 'rolled back',
  rollback_paused: 'rollback paused',
};
/** A badge shows its whole word, whatever the column width. */
const WHOLE = { root: { flexShrink: 0, overflow: 'visible' } } as const;

function updateColor(state: string): string {
  if (state === 'completed' || state === 'rollback_completed')
    return state === 'completed' ? 'teal' : 'orange';
  if (state.includes('paused')) return 'red';
  return 'blue';
}

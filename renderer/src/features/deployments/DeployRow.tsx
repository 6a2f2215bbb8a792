import {
  ActionIcon,
  Badge,
  Button,
  Code,
  Collapse,
  Group,
  List,
  Progress,
  Table,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { IconCheck, IconChevronDown, IconChevronRight, IconLoader2, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { Deploy, DeployProgress, DeployState } from '@shared/schemas/deploys';
import { formatTime } from '../updates/format-time';

const STATE_COLORS: Record<DeployState, string> = {
  running: 'blue',
  done: 'teal',
  'rolled-back': 'orange',
  failed: 'red',
};
const STATE_LABELS: Record<DeployState, string> = {
  running: 'running',
  done: 'updated',
  'rolled-back': 'rolled back',
  failed: 'failed',
};

interface Props {
  deploy: Deploy;
  hostName: string;
  layers: NonNullable<DeployProgress['layers']> | undefined;
  onCancel(): void;
  /** Offered on a finished update that recorded the version it replaced. */
  onRollBack?: () => void;
}

/** One deploy: its outcome at a glance, live progress while it runs, and its step log on demand. */
export function DeployRow({ deploy, hostName, layers, onCancel, onRollBack }: Props) {
  const [open, setOpen] = useState(deploy.state === 'running');
  const who = `${deploy.containerName} on ${hostName}`;
  return (
    <>
      <Table.Tr>
        <Table.Td w={36}>
          <ActionIcon
            variant="subtle"
            aria-label={`${open ? 'Hide' : 'Show'} steps of ${who}`}
            onClick={() => setOpen((value) => !value)}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500}>
            {deploy.containerName}
          </Text>
          <Text size="xs" c="dimmed">
            {hostName}
          </Text>
        </Table.Td>
        <Table.Td>
          <Code>{deploy.image}</Code>
        </Table.Td>
        <Table.Td>
          <Badge
            color={STATE_COLORS[deploy.state]}
            variant="light"
            miw="fit-content"
            styles={{ label: { overflow: 'visible' } }}
            aria-label={`Result: ${STATE_LABELS[deploy.state]}`}
          >
            {STATE_LABELS[deploy.state]}
          </Badge>
          {deploy.state === 'running' && (
            <Text size="xs" c="dimmed">
              {deploy.step}
            </Text>
          )}
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Text size="sm">{formatTime(deploy.createdAt)}</Text>
          <Text size="xs" c="dimmed">
            {duration(deploy)}
          </Text>
        </Table.Td>
        <Table.Td maw={360}>
          <Text size="sm" lineClamp={2} title={deploy.reason ?? undefined}>
            {deploy.reason ?? ''}
          </Text>
        </Table.Td>
        <Table.Td>
          {deploy.state === 'running' && (
            <Button
              size="xs"
              variant="light"
              color="red"
              onClick={onCancel}
              aria-label={`Cancel the deploy of ${who}`}
            >
              Cancel
            </Button>
          )}
          {deploy.state === 'done' && onRollBack && (
            <Button
              size="xs"
              variant="subtle"
              onClick={onRollBack}
              aria-label={`Roll ${who} back to the version before this deploy`}
              title={deploy.previousImage ?? undefined}
            >
              Roll back
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      <Table.Tr>
        <Table.Td colSpan={7} p={0} style={{ borderBottom: open ? undefined : 'none' }}>
          <Collapse expanded={open}>
            {deploy.state === 'running' && layers && <PullProgress layers={layers} />}
            <StepLog deploy={deploy} />
          </Collapse>
        </Table.Td>
      </Table.Tr>
    </>
  );
}

function PullProgress({ layers }: { layers: NonNullable<DeployProgress['layers']> }) {
  const total = layers.reduce((sum, layer) => sum + layer.total, 0);
  const done = layers.reduce((sum, layer) => sum + Math.min(layer.current, layer.total), 0);
  const ready = layers.filter((layer) => /complete|already exists/i.test(layer.status)).length;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <Group px="md" pt="sm" gap="sm" wrap="nowrap">
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        Pulling: {ready}/{layers.length} layers
      </Text>
      <Progress value={percent} w="100%" aria-label="Pull progress" />
    </Group>
  );
}

function StepLog({ deploy }: { deploy: Deploy }) {
  return (
    <List spacing={4} size="sm" p="md" aria-label={`Steps of deploy ${deploy.id}`} listStyleType="none">
      {deploy.steps.map((step, index) => (
        <List.Item key={index} icon={<StepIcon state={step.state} />}>
          <Text span fw={500} size="sm">
            {step.step}
          </Text>
          {step.detail && (
            <Text span size="sm" c="dimmed">
              {' '}
              — {step.detail}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}

function StepIcon({ state }: { state: 'started' | 'done' | 'failed' }) {
  const look = {
    started: { color: 'blue', icon: <IconLoader2 size={12} /> },
    done: { color: 'teal', icon: <IconCheck size={12} /> },
    failed: { color: 'red', icon: <IconX size={12} /> },
  }[state];
  return (
    <ThemeIcon size={18} radius="xl" color={look.color} variant="light">
      {look.icon}
    </ThemeIcon>
  );
}

function duration(deploy: Deploy): string {
  const end = deploy.finishedAt ? Date.parse(deploy.finishedAt) : Date.now();
  const seconds = Math.max(0, Math.round((end - Date.parse(deploy.createdAt)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

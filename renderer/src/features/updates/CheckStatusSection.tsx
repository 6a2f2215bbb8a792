import { Badge, Button, Collapse, Paper, Stack, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { Host } from '@shared/schemas/hosts';
import type { UpdatesStatus } from '@shared/schemas/updates';
import { useState } from 'react';
import { formatTime } from './format-time';

interface Props {
  status: UpdatesStatus | undefined;
  hosts: readonly Host[];
}

/** Last/next run per host, registry rate limits and the images whose last check did not succeed. */
export function CheckStatusSection({ status, hosts }: Props) {
  const problems = (status?.images ?? []).filter((image) => image.status !== 'ok');
  const blocked = (status?.rateLimits ?? []).filter((limit) => limit.blockedUntil !== null);
  // Registries that report `ratelimit-remaining` (Docker Hub does): show the budget before it runs out.
  const budgets = (status?.rateLimits ?? []).filter(
    (limit) => limit.blockedUntil === null && limit.remaining !== null,
  );
  const [open, setOpen] = useState(false);
  const names = new Map(hosts.map((host) => [host.id, host.name]));
  return (
    <Paper withBorder p="sm" mt="md">
      <Button
        variant="subtle"
        size="compact-sm"
        onClick={() => setOpen((value) => !value)}
        aria-expanded={open}
        leftSection={open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        rightSection={
          problems.length + blocked.length > 0 ? (
            <Badge color="red" size="xs" circle>
              {problems.length + blocked.length}
            </Badge>
          ) : undefined
        }
      >
        Check status
      </Button>
      <Collapse expanded={open} transitionDuration={0}>
        <Stack gap="sm" mt="sm">
          {status?.lastRun && (
            <Text size="sm" aria-label="Last check">
              Last check: {status.lastRun.outcome}, {status.lastRun.checked} image
              {status.lastRun.checked === 1 ? '' : 's'} checked with {status.lastRun.requests} registry
              request
              {status.lastRun.requests === 1 ? '' : 's'}
              {status.lastRun.failed > 0 ? `, ${status.lastRun.failed} not checked` : ''}.
            </Text>
          )}
          <Table aria-label="Schedules" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Host</Table.Th>
                <Table.Th>Last run</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Next run</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(status?.schedules ?? []).length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4} c="dimmed">
                    No scheduled checks yet: hosts get a schedule once they are connected.
                  </Table.Td>
                </Table.Tr>
              )}
              {(status?.schedules ?? []).map((schedule) => (
                <Table.Tr key={schedule.hostId}>
                  <Table.Td>{names.get(schedule.hostId) ?? schedule.hostId}</Table.Td>
                  <Table.Td>{formatTime(schedule.lastRun)}</Table.Td>
                  <Table.Td>{schedule.lastResult ?? '—'}</Table.Td>
                  <Table.Td>{formatTime(schedule.nextRun)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {blocked.map((limit) => (
            <Text key={limit.registry} size="sm" c="orange">
              {limit.registry}: rate limited until {formatTime(limit.blockedUntil)}
            </Text>
          ))}
          {budgets.map((limit) => (
            <Text key={limit.registry} size="sm" c="dimmed">
              {limit.registry}: {limit.remaining} requests left in the registry&apos;s rate-limit window
            </Text>
          ))}
          {problems.length === 0 ? (
            <Text size="sm" c="dimmed">
              Every image was checked without errors.
            </Text>
          ) : (
            problems.map((image) => (
              <Text key={`${image.registry}/${image.repository}:${image.tag}@${image.platform}`} size="sm">
                <Badge size="xs" color="red" variant="light" mr={6}>
                  {image.status}
                </Badge>
                {image.registry}/{image.repository}:{image.tag} — {image.reason ?? 'no reason given'} (
                {formatTime(image.checkedAt)})
              </Text>
            ))
          )}
        </Stack>
      </Collapse>
    </Paper>
  );
}

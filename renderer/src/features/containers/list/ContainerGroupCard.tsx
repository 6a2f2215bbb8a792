import { Badge, Button, Code, Group, Paper, Stack, Table, Text } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import { IconBox, IconFileText, IconStack2 } from '@tabler/icons-react';
import { useState } from 'react';
import { ProjectLogDrawer } from '../logs/LogViewerDrawer';
import { ComposeProjectActions } from './ComposeProjectActions';
import { ContainerRow } from './ContainerRow';
import { composeProjectInfo } from './compose-project';
import type { ContainerGroup } from './group-by-project';

export function ContainerGroupCard({
  group,
  rows = group.containers.length,
  onShowLogs,
  activeId = null,
}: {
  group: ContainerGroup;
  /** How many of its rows to draw now (a long list draws its first screenful first); all by default. */
  rows?: number;
  onShowLogs(container: Container): void;
  /** The container the keyboard (j/k) is on, if it is in this group. */
  activeId?: string | null;
}) {
  const title = group.project ?? 'Standalone containers';
  const running = group.containers.filter((container) => container.state === 'running').length;
  const [logsOpen, setLogsOpen] = useState(false);
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }} role="region" aria-label={title}>
      <Group justify="space-between" px="md" py="sm" bg="var(--mantine-color-default-hover)" wrap="wrap">
        <Stack gap={2} miw={0}>
          <Group gap="xs">
            {group.project ? <IconStack2 size={18} aria-hidden /> : <IconBox size={18} aria-hidden />}
            <Text fw={600}>{title}</Text>
            {group.project && (
              <Badge variant="outline" color="gray" size="sm" radius="sm">
                compose
              </Badge>
            )}
          </Group>
          {group.project && <ProjectFiles containers={group.containers} />}
        </Stack>
        <Group gap="sm" wrap="nowrap">
          <Text size="sm" c="dimmed">
            {running} of {group.containers.length} running
          </Text>
          {group.project && (
            <Button
              size="compact-xs"
              variant="light"
              color="gray"
              leftSection={<IconFileText size={14} />}
              aria-label={`Logs of project ${group.project}`}
              onClick={() => setLogsOpen(true)}
            >
              Logs
            </Button>
          )}
          {group.project && group.containers[0] && (
            <ComposeProjectActions
              hostId={group.containers[0].hostId}
              project={group.project}
              containers={group.containers.length}
            />
          )}
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={760}>
        {/* Fixed column widths keep the columns of every group card aligned with each other. */}
        <Table verticalSpacing="sm" highlightOnHover layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="22%">Name</Table.Th>
              <Table.Th w="30%">Image</Table.Th>
              <Table.Th w="20%">State</Table.Th>
              <Table.Th>Ports</Table.Th>
              <Table.Th w={150} ta="right">
                Actions
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {group.containers.slice(0, rows).map((container) => (
              <ContainerRow
                key={container.id}
                container={container}
                onShowLogs={onShowLogs}
                active={container.id === activeId}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {/* Mounted only while open: a closed drawer per card would cost every list render. */}
      {group.project && logsOpen && (
        <ProjectLogDrawer
          project={logsOpen ? group.project : null}
          containers={group.containers}
          onClose={() => setLogsOpen(false)}
        />
      )}
    </Paper>
  );
}

/** Where the project lives on the host and which compose files made it (from compose's labels). */
function ProjectFiles({ containers }: { containers: Container[] }) {
  const info = composeProjectInfo(containers);
  if (!info.workingDir && info.configFiles.length === 0) return null;
  return (
    <Stack gap={0} aria-label="Compose project files">
      {info.workingDir && (
        <Text size="xs" c="dimmed">
          Working dir <Code>{info.workingDir}</Code>
        </Text>
      )}
      {info.configFiles.length > 0 && (
        <Text size="xs" c="dimmed">
          Config {info.configFiles.length === 1 ? 'file' : 'files'}{' '}
          {info.configFiles.map((file) => (
            <Code key={file} mr={4}>
              {file}
            </Code>
          ))}
        </Text>
      )}
    </Stack>
  );
}

import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Code,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { ContainerDetails } from '@shared/schemas/container-details';
import { useContainerDetails } from '../../../api/containers';
import { useHosts } from '../../../api/hosts';
import { errorMessage } from '../../../api/query-client';
import { ExecTerminal } from '../exec/ExecTerminal';
import { EnvTable } from './EnvTable';
import { groupLabels } from './label-groups';
import { StatsPanel } from './StatsPanel';

/** One container, deep-linkable as /hosts/:hostId/containers/:containerId: what it is and how it runs. */
export function ContainerDetailsPage() {
  const { hostId = '', containerId = '' } = useParams();
  const { data: details, error, isPending } = useContainerDetails(hostId, containerId);
  const hostName = useHosts().data?.find((host) => host.id === hostId)?.name ?? hostId;
  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to={`/hosts/${hostId}`}>
          {hostName}
        </Anchor>
        <Text>{details?.name ?? containerId}</Text>
      </Breadcrumbs>
      {isPending && <Loader aria-label="Loading the container" />}
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The container could not be read">
          {errorMessage(error)}
        </Alert>
      )}
      {details && <Details details={details} />}
    </Stack>
  );
}

function Details({ details }: { details: ContainerDetails }) {
  return (
    <>
      <Group gap="sm" wrap="wrap">
        <Title order={2}>{details.name}</Title>
        <Badge variant="light" color={details.state === 'running' ? 'teal' : 'gray'} miw="fit-content">
          {details.state}
        </Badge>
        {details.health !== 'none' && (
          <Badge
            variant="outline"
            color={details.health === 'healthy' ? 'teal' : details.health === 'unhealthy' ? 'red' : 'yellow'}
            miw="fit-content"
          >
            {details.health}
          </Badge>
        )}
      </Group>
      <Section title="Overview">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" aria-label="Overview">
          <Field label="Image" value={<Code>{details.image}</Code>} />
          <Field
            label="Digest"
            value={details.imageDigest ? <Code>{details.imageDigest.split('@')[1]}</Code> : '—'}
          />
          <Field label="Command" value={<Code>{details.command.join(' ') || '—'}</Code>} />
          <Field
            label="Working dir / user"
            value={`${details.workingDir ?? '—'} / ${details.user ?? 'image default'}`}
          />
          <Field label="Created" value={formatTime(details.created)} />
          <Field label="Started" value={details.startedAt ? formatTime(details.startedAt) : 'never'} />
          <Field
            label="Restart policy"
            value={`${details.restartPolicy.name}${details.restartPolicy.maximumRetryCount ? ` (max ${details.restartPolicy.maximumRetryCount})` : ''}, restarted ${details.restartCount}×`}
          />
          <Field label="Exit code" value={String(details.exitCode)} />
        </SimpleGrid>
      </Section>
      <Section title="Live use">
        <StatsPanel hostId={details.hostId} containerId={details.id} running={details.state === 'running'} />
      </Section>
      <Section title="Shell">
        {details.state === 'running' ? (
          <ExecTerminal hostId={details.hostId} containerId={details.id} />
        ) : (
          <Text c="dimmed">A shell needs the container running.</Text>
        )}
      </Section>
      <Section title="Environment">
        <EnvTable hostId={details.hostId} containerId={details.id} env={details.env} />
      </Section>
      <Section title="Mounts">
        <SimpleTable
          label="Mounts"
          head={['Type', 'Source', 'Destination', 'Mode']}
          rows={details.mounts.map((mount) => [
            mount.type,
            mount.source ?? '—',
            mount.destination,
            mount.readOnly ? 'ro' : 'rw',
          ])}
          empty="No mounts."
        />
      </Section>
      <Section title="Ports">
        <SimpleTable
          label="Ports"
          head={['Container', 'Published on']}
          rows={details.ports.map((port) => [
            `${port.privatePort}/${port.type}`,
            port.publicPort ? `${port.ip ?? '0.0.0.0'}:${port.publicPort}` : 'not published',
          ])}
          empty="No ports."
        />
      </Section>
      <Section title="Networks">
        <SimpleTable
          label="Networks"
          head={['Network', 'IP address', 'Gateway', 'Aliases']}
          rows={details.networks.map((net) => [
            net.name,
            net.ipAddress ?? '—',
            net.gateway ?? '—',
            net.aliases.join(', ') || '—',
          ])}
          empty="Not on any network."
        />
      </Section>
      <Section title="Labels">
        {groupLabels(details.labels).map((group) => (
          <Stack key={group.name} gap={4} mb="sm">
            <Text fw={500} size="sm">
              {group.name}
            </Text>
            <SimpleTable label={`${group.name} labels`} head={[]} rows={group.labels} empty="" />
          </Stack>
        ))}
        {Object.keys(details.labels).length === 0 && <Text c="dimmed">No labels.</Text>}
      </Section>
      {details.healthLog.length > 0 && (
        <Section title="Health checks">
          <SimpleTable
            label="Health checks"
            head={['Ended', 'Exit code', 'Output']}
            rows={details.healthLog.map((result) => [
              formatTime(result.end),
              String(result.exitCode),
              result.output || '—',
            ])}
            empty=""
          />
        </Section>
      )}
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-all' }}>
        {value}
      </Text>
    </Stack>
  );
}

function SimpleTable(props: { label: string; head: string[]; rows: string[][]; empty: string }) {
  if (props.rows.length === 0) return props.empty ? <Text c="dimmed">{props.empty}</Text> : null;
  return (
    <Table.ScrollContainer minWidth={500}>
      <Table verticalSpacing={4} aria-label={props.label}>
        {props.head.length > 0 && (
          <Table.Thead>
            <Table.Tr>
              {props.head.map((cell) => (
                <Table.Th key={cell}>{cell}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
        )}
        <Table.Tbody>
          {props.rows.map((row, index) => (
            <Table.Tr key={`${row[0]}-${index}`}>
              {row.map((cell, column) => (
                <Table.Td
                  key={column}
                  style={{ wordBreak: 'break-all' }}
                  ff={column === 0 ? undefined : 'monospace'}
                  fz="sm"
                >
                  {cell}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

import { Anchor, Badge, Button, Group, Paper, Switch, Table, Text, Title } from '@mantine/core';
import type { DiunUpdate } from '@shared/schemas/webhooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAcknowledgeDiun, useDiunUpdates } from '../../api/webhooks';
import { formatTime } from './format-time';

/**
 * What DIUN reported through the webhook listener, beside Tidewatch's own findings: one row per image (the
 * newest notification wins, as in the DIUN dashboard), matched to a host and container where the event's
 * hostname and container name allow, else shown with DIUN's hostname. Hidden while DIUN sent nothing.
 */
export function DiunSection({ hostNames }: { hostNames: ReadonlyMap<string, string> }) {
  const { data: updates } = useDiunUpdates();
  const acknowledge = useAcknowledgeDiun();
  const [showSeen, setShowSeen] = useState(false);
  if (!updates || updates.length === 0) return null;
  const shown = showSeen ? updates : updates.filter((update) => !update.acknowledged);
  const unseen = updates.filter((update) => !update.acknowledged).length;
  return (
    <Paper withBorder p="sm" mt="md" component="section" aria-label="Reported by DIUN">
      <Group justify="space-between" mb="xs" px="xs">
        <Title order={3} size="h5">
          Reported by DIUN{' '}
          <Badge variant="light" ml={4}>
            {unseen} new
          </Badge>
        </Title>
        <Switch
          size="xs"
          label="Show acknowledged"
          checked={showSeen}
          onChange={(event) => setShowSeen(event.currentTarget.checked)}
        />
      </Group>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed" px="xs">
          Everything DIUN reported is acknowledged.
        </Text>
      ) : (
        <Table aria-label="DIUN notifications" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Image</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Received</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((update) => (
              <Table.Tr key={update.image} aria-label={`DIUN ${update.image}`}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {webLink(update.hubLink) ? (
                      <Anchor
                        href={webLink(update.hubLink) ?? ''}
                        target="_blank"
                        rel="noopener noreferrer"
                        size="sm"
                      >
                        {update.image}
                      </Anchor>
                    ) : (
                      update.image
                    )}
                  </Text>
                  {update.tag && <Badge size="xs">{update.tag.name}</Badge>}
                </Table.Td>
                <Table.Td>
                  <Where update={update} hostNames={hostNames} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={update.status === 'update' ? 'orange' : 'blue'}>
                    {update.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatTime(update.receivedAt)}</Table.Td>
                <Table.Td>
                  {!update.acknowledged && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      loading={acknowledge.isPending && acknowledge.variables?.image === update.image}
                      onClick={() => acknowledge.mutate({ image: update.image })}
                    >
                      Acknowledge
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** The matched Tidewatch host (a link to it) and container, or DIUN's own hostname when nothing matched. */
function Where({ update, hostNames }: { update: DiunUpdate; hostNames: ReadonlyMap<string, string> }) {
  const container = update.matchedContainer ?? update.containerName;
  const hostName = update.hostId ? hostNames.get(update.hostId) : undefined;
  return (
    <Text size="sm">
      {update.hostId && hostName ? (
        <Anchor component={Link} to={`/hosts/${update.hostId}`} size="sm">
          {hostName}
        </Anchor>
      ) : (
        <>{update.hostname || 'unknown host'} (DIUN)</>
      )}
      {container && ` · ${container}`}
    </Text>
  );
}

/** The hub link came in a webhook: only a plain http(s) address becomes a link. */
function webLink(raw: string): string | null {
  return /^https?:\/\/[^\s]+$/i.test(raw) ? raw : null;
}

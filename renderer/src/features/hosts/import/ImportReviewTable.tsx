import { Badge, Button, Checkbox, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { stateLook } from '../host-state';
import { Fingerprint } from '../trust/Fingerprint';
import type { ImportPhase, ImportRow } from './use-host-import';

interface ImportReviewTableProps {
  rows: ImportRow[];
  busy: boolean;
  onTrust(keys: ReadonlySet<string>): Promise<void>;
  onClose(): void;
}

const PHASE_LOOK: Record<ImportPhase, { color: string; label: string }> = {
  adding: { color: 'gray', label: 'Adding' },
  checking: { color: 'yellow', label: 'Checking' },
  waiting: { color: 'gray', label: 'Waiting' },
  review: { color: 'orange', label: 'New key' },
  trusting: { color: 'yellow', label: 'Connecting' },
  done: { color: 'teal', label: 'Trusted' },
  failed: { color: 'red', label: 'Not added' },
};

/**
 * Every new server key in one list, with its full fingerprint to compare out of band. Only ticked rows are
 * trusted; a row behind a jump host shows its key once that jump host is trusted.
 */
export function ImportReviewTable({ rows, busy, onTrust, onClose }: ImportReviewTableProps) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const reviewable = rows.filter((row) => row.phase === 'review');
  const chosen = new Set(reviewable.filter((row) => ticked.has(row.key)).map((row) => row.key));
  const toggle = (key: string) =>
    setTicked((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Compare each fingerprint with the one the server shows (
        <Text span ff="monospace">
          ssh-keygen -lf
        </Text>{' '}
        on its host key), tick the ones that match, then trust them. Hosts whose key you do not trust stay
        saved and unconnected; remove them from their page.
      </Text>
      <Table verticalSpacing="xs" aria-label="Imported hosts" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40} />
            <Table.Th w="18%">Host</Table.Th>
            <Table.Th w="34%">Server key</Table.Th>
            <Table.Th w={180}>Status</Table.Th>
            <Table.Th>Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <ReviewRow
              key={row.key}
              row={row}
              ticked={chosen.has(row.key)}
              onToggle={() => toggle(row.key)}
            />
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Group gap="xs">
          {busy && <Loader size="xs" aria-label="Working" />}
          <Text size="sm" c="dimmed" aria-live="polite">
            {summary(rows)}
          </Text>
        </Group>
        <Group gap="xs">
          <Button
            variant="default"
            disabled={reviewable.length === 0 || busy}
            onClick={() => setTicked(new Set(reviewable.map((row) => row.key)))}
          >
            Tick all new keys
          </Button>
          <Button
            leftSection={<IconShieldCheck size={16} />}
            disabled={chosen.size === 0 || busy}
            onClick={() => {
              setTicked(new Set());
              void onTrust(chosen);
            }}
          >
            {chosen.size === 1 ? 'Trust 1 key and connect' : `Trust ${chosen.size} keys and connect`}
          </Button>
          <Button variant="default" onClick={onClose}>
            Done
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function ReviewRow({ row, ticked, onToggle }: { row: ImportRow; ticked: boolean; onToggle(): void }) {
  const look = rowLook(row);
  return (
    <Table.Tr aria-label={row.name}>
      <Table.Td>
        {row.phase === 'review' && (
          <Checkbox aria-label={`Trust the key of ${row.name}`} checked={ticked} onChange={onToggle} />
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} truncate>
          {row.name}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {row.endpoint}
        </Text>
        {(row.via ?? row.addedAsJump) && (
          <Text size="xs" c="dimmed">
            {row.via ? `via ${row.via}` : ''}
            {row.via && row.addedAsJump ? ' · ' : ''}
            {row.addedAsJump ? 'jump host, SSH only' : ''}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {row.fingerprint ? (
          <Stack gap={2}>
            <Fingerprint value={row.fingerprint} />
            {row.algorithm && (
              <Text size="xs" c="dimmed">
                {row.algorithm}
              </Text>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge
          color={look.color}
          variant="light"
          style={{ maxWidth: '100%' }}
          styles={{ label: { overflow: 'visible' } }}
        >
          {look.label}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {row.message}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** A trusted or added host that did not connect shows its connection state rather than the step. */
function rowLook(row: ImportRow): { color: string; label: string } {
  const settled = row.phase === 'done' || row.phase === 'failed';
  if (settled && row.hostId && row.state && row.state !== 'connected') return stateLook(row.state);
  if (row.phase === 'failed' && row.hostId) return { color: 'red', label: 'Problem' };
  return PHASE_LOOK[row.phase];
}

function summary(rows: ImportRow[]): string {
  const count = (phase: ImportPhase) => rows.filter((row) => row.phase === phase).length;
  const parts = [
    `${count('done')} trusted`,
    `${count('review')} to review`,
    count('waiting') > 0 ? `${count('waiting')} waiting for a jump host` : '',
    count('failed') > 0 ? `${count('failed')} with a problem` : '',
  ].filter(Boolean);
  return `${rows.length} host${rows.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

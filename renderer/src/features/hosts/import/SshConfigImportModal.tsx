import { Alert, Badge, Button, Loader, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { SshConfigCandidate } from '@shared/schemas/hosts';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useImportSshConfig } from '../../../api/hosts';
import { errorMessage } from '../../../api/query-client';

interface SshConfigImportModalProps {
  opened: boolean;
  onClose(): void;
  onPick(candidate: SshConfigCandidate): void;
}

/** Lists the hosts of ~/.ssh/config and known_hosts; picking one prefills the form (nothing is saved). */
export function SshConfigImportModal({ opened, onClose, onPick }: SshConfigImportModalProps) {
  const read = useImportSshConfig({ meta: { silent: true } });
  const { mutate } = read;
  useEffect(() => {
    if (opened) mutate(undefined);
  }, [opened, mutate]);
  const result = read.data;

  return (
    <Modal opened={opened} onClose={onClose} title="Import from ~/.ssh/config" size="xl">
      <Stack gap="sm">
        {read.isPending && <Loader size="sm" aria-label="Reading SSH configuration" />}
        {read.error && (
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} />}
            title="Could not read the SSH configuration"
          >
            {errorMessage(read.error)}
          </Alert>
        )}
        {result?.warnings.map((warning) => (
          <Alert key={warning} color="yellow" variant="light">
            {warning}
          </Alert>
        ))}
        {result && result.candidates.length === 0 && (
          <Text size="sm" c="dimmed">
            No hosts found in ~/.ssh/config or ~/.ssh/known_hosts.
          </Text>
        )}
        {result && result.candidates.length > 0 && (
          <ScrollArea.Autosize mah="55vh">
            <CandidateTable candidates={result.candidates} onPick={onPick} />
          </ScrollArea.Autosize>
        )}
        {result &&
          (result.skipped.patterns > 0 ||
            result.skipped.hashedKnownHosts > 0 ||
            result.skipped.invalid > 0) && (
            <Text size="xs" c="dimmed">
              Not listed: {result.skipped.patterns} wildcard Host pattern(s),{' '}
              {result.skipped.hashedKnownHosts} hashed known_hosts entr
              {result.skipped.hashedKnownHosts === 1 ? 'y' : 'ies'} and {result.skipped.invalid} entr
              {result.skipped.invalid === 1 ? 'y' : 'ies'} whose name is not a valid host name or address.
            </Text>
          )}
      </Stack>
    </Modal>
  );
}

function CandidateTable({
  candidates,
  onPick,
}: {
  candidates: SshConfigCandidate[];
  onPick(candidate: SshConfigCandidate): void;
}) {
  return (
    <Table striped highlightOnHover verticalSpacing="xs" aria-label="SSH hosts found">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Host</Table.Th>
          <Table.Th>Address</Table.Th>
          <Table.Th>User</Table.Th>
          <Table.Th>Via</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {candidates.map((candidate) => (
          <Table.Tr key={`${candidate.source}:${candidate.alias}:${candidate.address}:${candidate.port}`}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {candidate.alias}
              </Text>
              <Text size="xs" c="dimmed">
                {candidate.source === 'ssh-config' ? 'ssh config' : 'known_hosts'}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {candidate.address}
                {candidate.port !== 22 && `:${candidate.port}`}
              </Text>
            </Table.Td>
            <Table.Td>{candidate.user ?? <Text c="dimmed">—</Text>}</Table.Td>
            <Table.Td>{candidate.proxyJump ?? <Text c="dimmed">—</Text>}</Table.Td>
            <Table.Td ta="right">
              {candidate.existingHostId ? (
                <Badge variant="light" color="gray">
                  Already added
                </Badge>
              ) : (
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => onPick(candidate)}
                  aria-label={`Use ${candidate.alias}`}
                >
                  Use
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

import { Badge, Table, Text } from '@mantine/core';
import type { SshConfigCandidate } from '@shared/schemas/hosts';
import type { ReactNode } from 'react';

/** The hosts found in ~/.ssh/config and known_hosts; the last column is the caller's (pick, or a tick box). */
export function CandidateTable({
  candidates,
  renderAction,
}: {
  candidates: SshConfigCandidate[];
  /** Shown for candidates that are not saved hosts yet. */
  renderAction(candidate: SshConfigCandidate): ReactNode;
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
                renderAction(candidate)
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

import {
  Alert,
  Button,
  FileButton,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useHosts } from '../../../api/hosts';
import { errorMessage } from '../../../api/query-client';
import { useImportYaml } from '../../../api/workloads';
import { StatusBadge } from '../list/InstanceTable';
import { readTextFile } from './file-transfer';

const CHANGE_COLORS = { add: 'teal', change: 'blue', remove: 'red', same: 'gray' } as const;

interface Props {
  opened: boolean;
  onClose(): void;
}

/**
 * A seed file, pasted or picked (read here, in the page: the core never gets a path), checked first:
 * problems with their line numbers, or what would change; Apply sends the same text again to apply it.
 */
export function ImportYamlModal({ opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Import config" size="min(860px, calc(100vw - 2rem))">
      {opened && <ImportYaml onClose={onClose} />}
    </Modal>
  );
}

function ImportYaml({ onClose }: { onClose(): void }) {
  const hosts = (useHosts().data ?? []).filter((host) => host.dockerEnabled);
  const [text, setText] = useState('');
  const [hostId, setHostId] = useState<string | null>(hosts.length === 1 ? (hosts[0]?.id ?? null) : null);
  const [readError, setReadError] = useState<string | null>(null);
  const check = useImportYaml();
  const apply = useImportYaml();
  const edit = (next: string) => {
    setText(next);
    check.reset();
    apply.reset();
  };
  const input = { text, ...(hostId ? { hostId } : {}) };
  const result = check.data;
  const changes = (result?.changes ?? []).filter((change) => change.kind !== 'same');
  const pick = (file: File | null) => {
    if (!file) return;
    setReadError(null);
    readTextFile(file).then(edit, (error: unknown) => setReadError(errorMessage(error)));
  };
  return (
    <Stack gap="sm">
      <Group gap="xs" align="flex-end" wrap="wrap">
        <FileButton onChange={pick} accept=".yaml,.yml,text/yaml,text/plain">
          {(props) => (
            <Button {...props} variant="default" leftSection={<IconFileUpload size={14} />}>
              Choose file…
            </Button>
          )}
        </FileButton>
        <Select
          label="Host for projects that name none"
          placeholder="None"
          clearable
          data={hosts.map((host) => ({ value: host.id, label: host.name }))}
          value={hostId}
          onChange={(value) => {
            setHostId(value);
            check.reset();
          }}
          w={280}
        />
      </Group>
      {readError && (
        <Alert color="red" title="The file could not be read">
          {readError}
        </Alert>
      )}
      <Textarea
        label="Config (YAML)"
        placeholder="Paste a Docker Watcher seed file"
        autosize
        minRows={8}
        maxRows={18}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        value={text}
        onChange={(event) => edit(event.currentTarget.value)}
      />
      {check.error && (
        <Alert color="red" title="Could not check the config">
          {errorMessage(check.error)}
        </Alert>
      )}
      {result && result.problems.length > 0 && (
        <Alert color="red" title="Problems: nothing was changed">
          <List size="sm" aria-label="Problems">
            {result.problems.map((problem, index) => (
              <List.Item key={index}>
                {problem.line !== null ? `Line ${problem.line}: ` : ''}
                {problem.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {result?.ok && changes.length === 0 && (
        <Alert color="gray" title="Nothing to change">
          The configuration already matches this file.
        </Alert>
      )}
      {result?.ok && changes.length > 0 && (
        <Table verticalSpacing={4} aria-label="Changes">
          <Table.Tbody>
            {changes.map((change, index) => (
              <Table.Tr key={index}>
                <Table.Td w={90}>
                  <StatusBadge color={CHANGE_COLORS[change.kind]}>{change.kind}</StatusBadge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {change.what}
                  </Text>
                  {change.detail && (
                    <Text size="xs" c="dimmed">
                      {change.detail}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {apply.error && (
        <Alert color="red" title="Not applied">
          {errorMessage(apply.error)}
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          variant="light"
          loading={check.isPending}
          disabled={text.trim() === ''}
          onClick={() => check.mutate({ ...input, apply: false })}
        >
          Check
        </Button>
        <Button
          loading={apply.isPending}
          disabled={!result?.ok || changes.length === 0}
          onClick={() =>
            apply.mutate(
              { ...input, apply: true },
              {
                onSuccess: (applied) => {
                  if (!applied.applied) {
                    check.reset();
                    return;
                  }
                  notifications.show({
                    color: 'teal',
                    title: 'Config imported',
                    message: `${changes.length} changes applied.`,
                  });
                  onClose();
                },
              },
            )
          }
        >
          Apply
        </Button>
      </Group>
    </Stack>
  );
}

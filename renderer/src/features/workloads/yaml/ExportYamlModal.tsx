import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../api/query-client';
import { useExportYaml } from '../../../api/workloads';
import { downloadText } from './file-transfer';

interface Props {
  opened: boolean;
  onClose(): void;
}

/** The configuration as a seed file, downloaded; secret values only after an explicit confirmation. */
export function ExportYamlModal({ opened, onClose }: Props) {
  const exporter = useExportYaml();
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const close = () => {
    setIncludeSecrets(false);
    setUnderstood(false);
    exporter.reset();
    onClose();
  };
  const run = () =>
    exporter.mutate(
      { includeSecrets },
      {
        onSuccess: ({ text }) => {
          downloadText(
            text,
            includeSecrets ? 'tidewatch-workloads-with-secrets.yaml' : 'tidewatch-workloads.yaml',
          );
          close();
        },
      },
    );
  return (
    <Modal opened={opened} onClose={close} title="Export config">
      <Stack gap="sm">
        <Text size="sm">
          Downloads the workloads, their stages and the global workload settings as a YAML seed file. Secret
          variables are written as references unless you include them.
        </Text>
        <Checkbox
          label="Include secret values"
          checked={includeSecrets}
          onChange={(event) => {
            setIncludeSecrets(event.currentTarget.checked);
            setUnderstood(false);
          }}
        />
        {includeSecrets && (
          <Alert color="orange" title="Secrets in plain text">
            <Stack gap="xs">
              <Text size="sm">
                The file will hold passwords and tokens readable by anyone who gets it. Keep it somewhere
                safe.
              </Text>
              <Checkbox
                label="I understand: export the secret values"
                checked={understood}
                onChange={(event) => setUnderstood(event.currentTarget.checked)}
              />
            </Stack>
          </Alert>
        )}
        {exporter.error && (
          <Alert color="red" title="Not exported">
            {errorMessage(exporter.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button loading={exporter.isPending} disabled={includeSecrets && !understood} onClick={run}>
            Download
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

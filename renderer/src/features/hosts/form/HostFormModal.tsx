import { Box, Button, Divider, Group, Modal, ScrollArea, SegmentedControl, Stack, Text } from '@mantine/core';
import type { Host } from '@shared/schemas/hosts';
import { IconFileImport, IconPlugConnected } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useHosts } from '../../../api/hosts';
import { SshConfigImportModal } from '../import/SshConfigImportModal';
import { FingerprintConfirm } from '../trust/FingerprintConfirm';
import { AppearanceFields } from './AppearanceFields';
import { AuthFields } from './AuthFields';
import { ConnectionFields } from './ConnectionFields';
import { EMPTY_FORM, formFromCandidate } from './host-form-values';
import { LocalEngineFields } from './LocalEngineFields';
import { TestConnectionResult } from './TestConnectionResult';
import { useHostForm } from './use-host-form';

interface HostFormModalProps {
  opened: boolean;
  onClose(): void;
  /** The host to edit; absent to add one. */
  host?: Host;
  onSaved?(host: Host): void;
}

/** Mounted only while open, so every opening starts from a fresh form. */
export function HostFormModal({ opened, onClose, host, onSaved }: HostFormModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={host ? `Edit ${host.name}` : 'Add host'}
      size="lg"
      scrollAreaComponent={ScrollArea.Autosize}
    >
      {opened && (
        <HostForm
          host={host}
          onCancel={onClose}
          onSaved={(saved) => {
            onSaved?.(saved);
            onClose();
          }}
        />
      )}
    </Modal>
  );
}

function HostForm({ host, onCancel, onSaved }: { host?: Host; onCancel(): void; onSaved(host: Host): void }) {
  const form = useHostForm(host, onSaved);
  const { data: hosts = [] } = useHosts();
  const [importOpened, setImportOpened] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  // The result sits below the long form: bring it (and the Trust question) into view when it arrives.
  useEffect(() => {
    if (form.testResult) resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [form.testResult]);
  const groups = [
    ...new Set(hosts.map((saved) => saved.group).filter((group): group is string => group !== null)),
  ];
  const unknownKey =
    form.testResult?.state === 'host-key-unknown' && form.testResult.fingerprint ? form.testResult : null;
  const local = form.values.kind === 'local';

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void form.save();
      }}
      aria-label={host ? 'Edit host' : 'Add host'}
    >
      <Stack gap="sm">
        {!form.editing && (
          <SegmentedControl
            aria-label="How Tidewatch reaches the host"
            value={form.values.kind}
            onChange={(kind) =>
              form.replaceValues({
                ...EMPTY_FORM,
                kind: kind === 'local' ? 'local' : 'ssh',
                name: form.values.name,
              })
            }
            data={[
              { value: 'ssh', label: 'A server over SSH' },
              { value: 'local', label: 'This machine' },
            ]}
          />
        )}
        {!form.editing && !local && (
          <Button
            variant="light"
            leftSection={<IconFileImport size={16} />}
            onClick={() => setImportOpened(true)}
            style={{ alignSelf: 'flex-start' }}
          >
            Import from ~/.ssh/config
          </Button>
        )}
        <Divider label="Connection" labelPosition="left" />
        {local ? (
          <LocalEngineFields values={form.values} errors={form.errors} set={form.set} />
        ) : (
          <>
            <ConnectionFields
              values={form.values}
              errors={form.errors}
              set={form.set}
              hosts={hosts}
              editingId={host?.id}
            />
            <Divider label="Authentication" labelPosition="left" mt="xs" />
            <AuthFields values={form.values} errors={form.errors} set={form.set} storedAuth={host?.auth} />
          </>
        )}
        <Divider label="Appearance" labelPosition="left" mt="xs" />
        <AppearanceFields values={form.values} errors={form.errors} set={form.set} groups={groups} />
        {form.testResult && (
          <Box ref={resultRef}>
            {unknownKey?.fingerprint ? (
              <FingerprintConfirm
                fingerprint={unknownKey.fingerprint}
                algorithm={unknownKey.algorithm}
                hostLabel={form.values.address}
                onTrust={() => form.trustTested(unknownKey.fingerprint ?? '')}
                onCancel={form.clearTest}
                loading={form.testing}
              />
            ) : (
              <TestConnectionResult result={form.testResult} socketFound={form.socketFound} />
            )}
          </Box>
        )}
        {Object.keys(form.errors).length > 0 && (
          <Text size="sm" c="red" role="alert">
            {Object.keys(form.errors).length === 1
              ? 'One field needs attention (marked above).'
              : `${Object.keys(form.errors).length} fields need attention (marked above).`}
          </Text>
        )}
        <Group justify="space-between" mt="sm">
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={16} />}
            onClick={form.runTest}
            loading={form.testing}
            disabled={form.saving}
          >
            Test connection
          </Button>
          <Group gap="xs">
            <Button variant="subtle" color="gray" onClick={onCancel} disabled={form.saving}>
              Cancel
            </Button>
            <Button type="submit" loading={form.saving} disabled={form.testing}>
              {form.editing ? 'Save' : 'Add host'}
            </Button>
          </Group>
        </Group>
      </Stack>
      <SshConfigImportModal
        opened={importOpened}
        onClose={() => setImportOpened(false)}
        onPick={(candidate) => {
          form.replaceValues(formFromCandidate(candidate, hosts));
          setImportOpened(false);
        }}
      />
    </form>
  );
}

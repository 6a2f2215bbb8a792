import { Alert, Button, Group, Loader, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useHosts } from '../../../api/hosts';
import { errorMessage, notifyError } from '../../../api/query-client';
import { useDeployWorkload, useInspectImage } from '../../../api/workloads';
import { WorkloadEditor } from '../editor/WorkloadFormModal';
import { quickDeployValues, type ImageInspection } from './quick-deploy-values';

interface Props {
  opened: boolean;
  onClose(): void;
}

/**
 * From an image reference to a running workload: the host pulls and inspects the image, a prefilled
 * editor follows, then the workload is created and that tag deployed; its page shows the progress.
 */
export function QuickDeployModal({ opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Quick deploy" size="min(860px, calc(100vw - 2rem))">
      {opened && <QuickDeploy onClose={onClose} />}
    </Modal>
  );
}

function QuickDeploy({ onClose }: { onClose(): void }) {
  const hosts = (useHosts().data ?? []).filter((host) => host.dockerEnabled);
  const [hostId, setHostId] = useState<string | null>(hosts.length === 1 ? (hosts[0]?.id ?? null) : null);
  const [reference, setReference] = useState('');
  const [inspection, setInspection] = useState<ImageInspection | null>(null);
  const inspect = useInspectImage();
  const deploy = useDeployWorkload();
  const navigate = useNavigate();

  if (inspection && hostId)
    return (
      <Stack gap="sm">
        <Text size="sm">
          <Text span ff="monospace">
            {inspection.image}:{inspection.tag}
          </Text>{' '}
          is on the host.{' '}
          {inspection.hasHealthcheck
            ? 'It has a HEALTHCHECK, which gates the deploy.'
            : 'It has no HEALTHCHECK: give a health path, or the gate only checks that it runs.'}
        </Text>
        <WorkloadEditor
          initial={quickDeployValues(inspection, hostId)}
          saveLabel={`Create and deploy ${inspection.tag}`}
          onCancel={() => setInspection(null)}
          onSaved={(saved) => {
            const stage = saved.stages[0]?.name ?? 'prod';
            onClose();
            void navigate(`/workloads/${saved.id}`);
            // mutateAsync: this dialog unmounts right away, and mutate's own callbacks would die with it.
            deploy
              // The user chose this tag just now: that is the confirmation a confirm stage asks for.
              .mutateAsync({ id: saved.id, stage, tag: inspection.tag, confirmed: true })
              .then(
                () =>
                  notifications.show({
                    color: 'blue',
                    title: `Deploying ${saved.name}`,
                    message: `${inspection.tag} to ${stage}, behind its health check.`,
                  }),
                notifyError,
              );
          }}
        />
      </Stack>
    );

  const submit = () => {
    if (!hostId || reference.trim() === '') return;
    inspect.mutate({ hostId, image: reference.trim() }, { onSuccess: setInspection });
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <Select
          label="Host"
          allowDeselect={false}
          required
          placeholder="Choose a host"
          data={hosts.map((host) => ({ value: host.id, label: host.name }))}
          value={hostId}
          onChange={setHostId}
        />
        <TextInput
          label="Image"
          description="A reference with its tag; the host pulls it to read what it declares"
          required
          placeholder="registry.example.com/team/web:1.2.0"
          value={reference}
          onChange={(event) => setReference(event.currentTarget.value)}
        />
        {inspect.isPending && (
          <Group gap="xs">
            <Loader size="sm" aria-label="Pulling the image" />
            <Text size="sm" c="dimmed">
              Pulling and inspecting the image on the host…
            </Text>
          </Group>
        )}
        {inspect.error && (
          <Alert color="red" title="The image could not be inspected">
            {errorMessage(inspect.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={inspect.isPending} disabled={!hostId || reference.trim() === ''}>
            Continue
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { NOTIFIER_KINDS, type NotifierCreate } from '@shared/schemas/updates';
import { useState } from 'react';
import { useCreateNotifier } from '../../../api/notifiers';

const KIND_LABELS: Record<NotifierCreate['kind'], string> = {
  webhook: 'Webhook (JSON POST)',
  slack: 'Slack incoming webhook',
  ntfy: 'ntfy topic',
};

const URL_PLACEHOLDERS: Record<NotifierCreate['kind'], string> = {
  webhook: 'https://example.com/hooks/tidewatch',
  slack: 'https://hooks.slack.com/services/…',
  ntfy: 'https://ntfy.sh/my-topic',
};

interface Props {
  opened: boolean;
  onClose(): void;
}

/** Adds a notifier. The URL may hold a token: it goes to the secret store and is never shown again. */
export function NotifierFormModal({ opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add notifier">
      {opened && <NotifierForm onDone={onClose} />}
    </Modal>
  );
}

function NotifierForm({ onDone }: { onDone(): void }) {
  const [kind, setKind] = useState<NotifierCreate['kind']>('webhook');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const create = useCreateNotifier();
  const incomplete = name.trim() === '' || url.trim() === '';

  const save = () => create.mutate({ kind, name: name.trim(), url: url.trim() }, { onSuccess: onDone });

  return (
    <Stack gap="sm">
      <Select
        label="Kind"
        required
        allowDeselect={false}
        data={NOTIFIER_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }))}
        value={kind}
        onChange={(value) => value && setKind(value as NotifierCreate['kind'])}
      />
      <TextInput
        label="Name"
        required
        maxLength={100}
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      <TextInput
        label="URL"
        description="Stored in the system secret store; only its scheme and host are shown afterwards."
        placeholder={URL_PLACEHOLDERS[kind]}
        required
        type="url"
        autoComplete="off"
        value={url}
        onChange={(event) => setUrl(event.currentTarget.value)}
      />
      {create.error && (
        <Alert color="red" title="Not saved">
          {create.error.message}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={save} loading={create.isPending} disabled={incomplete}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}

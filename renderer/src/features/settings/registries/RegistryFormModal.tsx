import { Alert, Button, Checkbox, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { Registry, RegistryTestResult } from '@shared/schemas/registries';
import { useState } from 'react';
import { useCreateRegistry, useTestRegistry, useUpdateRegistry } from '../../../api/registries';

interface Props {
  /** The registry to edit; null adds a new one. */
  registry: Registry | null;
  opened: boolean;
  onClose(): void;
}

/** Add or edit a registry. A blank password on edit keeps the stored one. */
export function RegistryFormModal({ registry, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={registry ? `Edit ${registry.name}` : 'Add registry'}>
      {opened && <RegistryForm key={registry?.id ?? 'new'} registry={registry} onDone={onClose} />}
    </Modal>
  );
}

function RegistryForm({ registry, onDone }: { registry: Registry | null; onDone(): void }) {
  const [name, setName] = useState(registry?.name ?? '');
  const [host, setHost] = useState(registry?.host ?? '');
  const [username, setUsername] = useState(registry?.username ?? '');
  const [password, setPassword] = useState('');
  const [insecure, setInsecure] = useState(registry?.insecure ?? false);
  const [result, setResult] = useState<RegistryTestResult | null>(null);
  const create = useCreateRegistry();
  const update = useUpdateRegistry();
  const test = useTestRegistry();

  const runTest = () => {
    setResult(null);
    const input =
      registry && password === '' && host === registry.host
        ? { id: registry.id }
        : { host, insecure, ...(username ? { username } : {}), ...(password ? { password } : {}) };
    test.mutate(input, { onSuccess: setResult });
  };
  const save = () => {
    const common = { host, insecure, ...(name.trim() ? { name } : {}) };
    if (registry) {
      update.mutate(
        { id: registry.id, ...common, username: username || null, ...(password ? { password } : {}) },
        { onSuccess: onDone },
      );
    } else {
      create.mutate(
        { ...common, ...(username ? { username } : {}), ...(password ? { password } : {}) },
        { onSuccess: onDone },
      );
    }
  };

  return (
    <Stack gap="sm">
      <TextInput
        label="Registry"
        placeholder="registry.example.com or 10.0.0.5:5000"
        required
        value={host}
        onChange={(event) => setHost(event.currentTarget.value)}
      />
      <TextInput
        label="Name"
        placeholder="Defaults to the registry host"
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      <TextInput
        label="Username"
        value={username}
        onChange={(event) => setUsername(event.currentTarget.value)}
      />
      <PasswordInput
        label="Password or token"
        placeholder={registry?.hasSecret ? 'Stored — leave blank to keep' : undefined}
        value={password}
        onChange={(event) => setPassword(event.currentTarget.value)}
      />
      <Checkbox
        label="Insecure (plain HTTP)"
        description="Only for registries on a trusted network without TLS."
        checked={insecure}
        onChange={(event) => setInsecure(event.currentTarget.checked)}
      />
      {result && (
        <Alert color={result.status === 'ok' ? 'teal' : 'red'} title={`Test: ${result.status}`}>
          {result.message}
        </Alert>
      )}
      {test.error && (
        <Alert color="red" title="Test failed">
          {test.error.message}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={runTest} loading={test.isPending} disabled={host.trim() === ''}>
          Test
        </Button>
        <Button onClick={save} loading={create.isPending || update.isPending} disabled={host.trim() === ''}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}

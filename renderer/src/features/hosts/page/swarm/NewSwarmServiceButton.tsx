import { Button, Group, Modal, NumberInput, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../../api/query-client';
import { useCreateSwarmService } from '../../../../api/swarm';

interface Props {
  managerId: string;
  /** The swarm's overlay networks a service can join (suggestions; any name may be typed). */
  networks: string[];
}

/**
 * Quick deploy on a swarm: a replicated service that updates start-first and rolls back on failure, reached
 * by name on its overlay networks; secrets are named, their values stay in Swarm.
 */
export function NewSwarmServiceButton({ managerId, networks }: Props) {
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState('');
  const [image, setImage] = useState('');
  const [replicas, setReplicas] = useState<number>(1);
  const [chosenNetworks, setChosenNetworks] = useState<string[]>([]);
  const [constraints, setConstraints] = useState<string[]>([]);
  const [secrets, setSecrets] = useState<string[]>([]);
  const create = useCreateSwarmService();
  const close = () => {
    setOpened(false);
    create.reset();
  };
  const submit = () =>
    create.mutate(
      {
        hostId: managerId,
        name: name.trim(),
        image: image.trim(),
        replicas,
        networks: chosenNetworks,
        constraints,
        secrets,
      },
      { onSuccess: close },
    );
  return (
    <>
      <Button size="compact-xs" variant="light" onClick={() => setOpened(true)}>
        New service…
      </Button>
      <Modal opened={opened} onClose={close} title="New Swarm service">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Updates start each new task before stopping an old one and roll back on failure. The service is
            reached by its name on its networks (no routing mesh).
          </Text>
          <TextInput
            label="Name"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
          />
          <TextInput
            label="Image"
            placeholder="registry.example.com/team/app:1.2.3"
            value={image}
            onChange={(event) => setImage(event.currentTarget.value)}
          />
          <NumberInput
            label="Replicas"
            min={0}
            max={100}
            value={replicas}
            onChange={(value) => setReplicas(Number(value) || 0)}
          />
          <TagsInput
            label="Networks"
            description="Overlay networks of the swarm"
            data={networks}
            value={chosenNetworks}
            onChange={setChosenNetworks}
          />
          <TagsInput
            label="Placement constraints"
            placeholder="node.role==worker"
            value={constraints}
            onChange={setConstraints}
          />
          <TagsInput
            label="Secrets"
            description="Swarm secrets by name, at /run/secrets/<name>"
            value={secrets}
            onChange={setSecrets}
          />
          {create.error && (
            <Text size="sm" c="red" role="alert">
              {errorMessage(create.error)}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button loading={create.isPending} disabled={!name.trim() || !image.trim()} onClick={submit}>
              Create
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

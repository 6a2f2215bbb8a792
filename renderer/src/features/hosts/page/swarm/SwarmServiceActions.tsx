import { Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import type { SwarmService } from '@shared/schemas/swarm';
import { useState } from 'react';
import { useSwarmDeploy, useSwarmRollback } from '../../../../api/swarm';
import { ConfirmActionModal } from '../../../containers/actions/ConfirmActionModal';

interface Props {
  managerId: string;
  service: SwarmService;
}

/** The tag part of `registry/repo:tag` (none when the reference has no tag). */
function tagOf(image: string): string {
  const lastSlash = image.lastIndexOf('/');
  const lastColon = image.lastIndexOf(':');
  return lastColon > lastSlash ? image.slice(lastColon + 1) : '';
}

/** "Update…": a tag (the current one picks up a new digest behind it) and how carefully Swarm rolls it out. */
export function SwarmUpdateButton({ managerId, service }: Props) {
  const [opened, setOpened] = useState(false);
  const [tag, setTag] = useState(tagOf(service.image));
  const [monitorSeconds, setMonitorSeconds] = useState<number>(15);
  const [parallelism, setParallelism] = useState<number>(1);
  const deploy = useSwarmDeploy();
  const submit = () =>
    deploy.mutate(
      { hostId: managerId, service: service.name, tag: tag.trim() || undefined, monitorSeconds, parallelism },
      { onSuccess: () => setOpened(false) },
    );
  return (
    <>
      <Button size="compact-xs" variant="light" onClick={() => setOpened(true)}>
        Update…
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Update service ${service.name}`}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Swarm starts each new task before it stops an old one, and rolls the service back by itself if a
            new task fails its health check within the monitor period.
          </Text>
          <TextInput
            label="Tag"
            description={service.image.slice(0, service.image.length - tagOf(service.image).length - 1)}
            value={tag}
            onChange={(event) => setTag(event.currentTarget.value)}
            data-autofocus
          />
          <Group grow>
            <NumberInput
              label="Tasks at once"
              min={1}
              max={100}
              value={parallelism}
              onChange={(value) => setParallelism(Number(value) || 1)}
            />
            <NumberInput
              label="Monitor (seconds)"
              min={1}
              max={3600}
              value={monitorSeconds}
              onChange={(value) => setMonitorSeconds(Number(value) || 1)}
            />
          </Group>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button loading={deploy.isPending} onClick={submit}>
              Update
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Swarm's own roll back to the spec the service had before its last update. */
export function SwarmRollbackButton({ managerId, service }: Props) {
  const [opened, setOpened] = useState(false);
  const rollback = useSwarmRollback();
  return (
    <>
      <Button size="compact-xs" variant="default" onClick={() => setOpened(true)}>
        Roll back
      </Button>
      <ConfirmActionModal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Roll back ${service.name}`}
        body="Swarm puts back the spec this service had before its last update, task by task (start-first)."
        confirmLabel="Roll back"
        onConfirm={() => {
          setOpened(false);
          rollback.mutate({ hostId: managerId, service: service.name });
        }}
      />
    </>
  );
}

import { ActionIcon, Button, Group, Modal, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconRobot } from '@tabler/icons-react';
import { useState } from 'react';
import {
  AUTO_UPDATE_LABEL,
  AUTO_UPDATE_WINDOW_LABEL,
  type AutoUpdatePolicy,
} from '@shared/schemas/auto-update';
import { useAutoUpdateSettings, useSetAutoUpdate } from '../../api/auto-update';
import { errorMessage } from '../../api/query-client';

const FOLLOW_LABELS = 'labels';
const CHOICES = [
  { value: FOLLOW_LABELS, label: `Follow the container's ${AUTO_UPDATE_LABEL} label (off without one)` },
  { value: 'off', label: 'Off: only when I click Update' },
  { value: 'digest', label: 'New builds of the same tag' },
  { value: 'patch', label: 'Up to patch releases (1.2.3 → 1.2.4)' },
  { value: 'minor', label: 'Up to minor releases (1.2.3 → 1.3.0)' },
  { value: 'major', label: 'Every release, major ones too' },
];

interface Props {
  hostId: string;
  containerName: string;
}

/** A container's automatic-update policy and maintenance window, set from the inbox row. */
export function AutoUpdateButton({ hostId, containerName }: Props) {
  const [opened, { open, close }] = useDisclosure(false);
  const { data: settings } = useAutoUpdateSettings();
  const current = settings?.find((one) => one.hostId === hostId && one.containerName === containerName);
  return (
    <>
      <Tooltip
        label={current ? `Automatic updates: ${current.policy}` : 'Automatic updates'}
        withArrow
        openDelay={300}
      >
        <ActionIcon
          variant={current && current.policy !== 'off' ? 'light' : 'subtle'}
          aria-label={`Automatic updates for ${containerName}`}
          onClick={open}
        >
          <IconRobot size={16} />
        </ActionIcon>
      </Tooltip>
      <Modal opened={opened} onClose={close} title={`Automatic updates: ${containerName}`} size="lg">
        {opened && (
          <AutoUpdateForm
            hostId={hostId}
            containerName={containerName}
            policy={current?.policy ?? null}
            window={current?.window ?? null}
            onDone={close}
          />
        )}
      </Modal>
    </>
  );
}

function AutoUpdateForm(
  props: Props & { policy: AutoUpdatePolicy | null; window: string | null; onDone(): void },
) {
  const save = useSetAutoUpdate();
  const [choice, setChoice] = useState<string>(props.policy ?? FOLLOW_LABELS);
  const [window, setWindow] = useState(props.window ?? '');
  const submit = () => {
    const policy = choice === FOLLOW_LABELS ? null : (choice as AutoUpdatePolicy);
    save.mutate(
      { hostId: props.hostId, containerName: props.containerName, policy, window: window.trim() || null },
      { onSuccess: props.onDone },
    );
  };
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        After each update check, an update this policy allows is deployed by itself, behind the same health
        check and rollback as a click. A failed one is not tried again by itself.
      </Text>
      <Select
        label="Policy"
        data={CHOICES}
        value={choice}
        onChange={(value) => setChoice(value ?? FOLLOW_LABELS)}
        allowDeselect={false}
      />
      <TextInput
        label="Maintenance window (cron, optional)"
        description={`The minutes in which updates may start, in the core's local time: "* 2-4 * * *" is 02:00–04:59 every day. Empty: any time. A container can also set the ${AUTO_UPDATE_WINDOW_LABEL} label.`}
        placeholder="* 2-4 * * *"
        value={window}
        disabled={choice === FOLLOW_LABELS}
        onChange={(event) => setWindow(event.currentTarget.value)}
        error={save.error ? errorMessage(save.error) : undefined}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onDone}>
          Cancel
        </Button>
        <Button onClick={submit} loading={save.isPending}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}

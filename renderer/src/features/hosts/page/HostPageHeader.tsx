import { Box, Button, Group, Menu, Stack, Text, Title, ActionIcon } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Host, HostStatus } from '@shared/schemas/hosts';
import {
  IconBox,
  IconDots,
  IconPencil,
  IconPlugConnected,
  IconPlugConnectedX,
  IconTrash,
} from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useConnectHost, useDisconnectHost } from '../../../api/hosts';
import { HostFormModal } from '../form/HostFormModal';
import { hostColorCss } from '../host-color';
import { HostStateBadge } from '../HostStateBadge';
import { RemoveHostModal } from './RemoveHostModal';
import { hostEndpoint } from '../host-endpoint';

export function HostPageHeader({ host, status }: { host: Host; status: HostStatus | undefined }) {
  const navigate = useNavigate();
  const [editOpened, edit] = useDisclosure(false);
  const [removeOpened, remove] = useDisclosure(false);
  const connect = useConnectHost();
  const disconnect = useDisconnectHost();
  const idle = status === undefined || status.state === 'disconnected';

  return (
    // In a narrow window the buttons move under the name instead of pushing the page wider.
    <Group justify="space-between" align="flex-start" wrap="wrap">
      <Group gap="md" wrap="nowrap" align="flex-start">
        {host.color && (
          <Box w={6} h={44} style={{ borderRadius: 3, background: hostColorCss(host.color) }} aria-hidden />
        )}
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{host.name}</Title>
            <HostStateBadge status={status} />
          </Group>
          <Text c="dimmed" size="sm" ff="monospace">
            {hostEndpoint(host, true)}
          </Text>
        </Stack>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Button
          variant="light"
          leftSection={<IconBox size={16} />}
          onClick={() => void navigate('/containers')}
        >
          Containers
        </Button>
        {idle ? (
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={16} />}
            loading={connect.isPending}
            onClick={() => connect.mutate({ hostId: host.id })}
          >
            Connect
          </Button>
        ) : (
          <Button
            variant="default"
            leftSection={<IconPlugConnectedX size={16} />}
            loading={disconnect.isPending}
            onClick={() => disconnect.mutate({ hostId: host.id })}
          >
            Disconnect
          </Button>
        )}
        <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open}>
          Edit
        </Button>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="default" size="lg" aria-label="More host actions">
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={remove.open}>
              Remove host
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      <HostFormModal opened={editOpened} onClose={edit.close} host={host} />
      <RemoveHostModal opened={removeOpened} onClose={remove.close} host={host} />
    </Group>
  );
}

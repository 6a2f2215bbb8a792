import { Badge, Burger, Button, Group, Kbd, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconKeyOff, IconRipple, IconSearch } from '@tabler/icons-react';
import { useAppInfo } from '../../api/app';
import { fleetSearch } from '../../features/search/search-store';
import { CoreSwitcher } from '../../features/companions/CoreSwitcher';
import { ConnectionBadge } from './ConnectionBadge';

interface AppHeaderProps {
  navOpened: boolean;
  onToggleNav(): void;
}

export function AppHeader({ navOpened, onToggleNav }: AppHeaderProps) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label="Toggle navigation"
        />
        <ThemeIcon size={32} radius="md" variant="gradient" gradient={{ from: 'blue', to: 'cyan', deg: 135 }}>
          <IconRipple size={20} aria-hidden />
        </ThemeIcon>
        <Title order={1} size="h4">
          Tidewatch
        </Title>
      </Group>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconSearch size={14} />}
        rightSection={<Kbd size="xs">Ctrl K</Kbd>}
        onClick={fleetSearch.open}
        aria-label="Search every host"
        visibleFrom="sm"
      >
        Search
      </Button>
      <Group gap="sm" wrap="nowrap">
        <CoreSwitcher />
        <AppStatus />
      </Group>
    </Group>
  );
}

/** Version, mode, connection and — only when something is wrong — the secret backend's problem. */
function AppStatus() {
  const { data: info } = useAppInfo();
  return (
    <Group gap="xs" wrap="nowrap" role="status" aria-label="Application status">
      {info?.secretBackend.error && (
        <Tooltip label={info.secretBackend.error} multiline maw={320} withArrow>
          <Badge color="orange" variant="light" leftSection={<IconKeyOff size={12} aria-hidden />}>
            Secret storage unavailable
          </Badge>
        </Tooltip>
      )}
      {info && (
        <Text size="xs" c="dimmed" visibleFrom="sm">
          v{info.version} · {info.mode}
        </Text>
      )}
      <ConnectionBadge />
    </Group>
  );
}

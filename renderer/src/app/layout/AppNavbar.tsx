import { AppShell, Divider, NavLink, ScrollArea } from '@mantine/core';
import {
  IconBox,
  IconBoxMultiple,
  IconRefreshAlert,
  IconRocket,
  IconServer2,
  IconServerBolt,
  IconSettings,
  IconStack2,
  IconWebhook,
  type Icon,
} from '@tabler/icons-react';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { HostSwitcher } from '../../features/hosts/switcher/HostSwitcher';

interface NavItem {
  to: string;
  label: string;
  icon: Icon;
}

const NAV_ITEMS: NavItem[] = [
  { to: '/hosts', label: 'Hosts', icon: IconServer2 },
  { to: '/containers', label: 'Containers', icon: IconBox },
  { to: '/fleet', label: 'All containers', icon: IconBoxMultiple },
  { to: '/updates', label: 'Updates', icon: IconRefreshAlert },
  { to: '/deployments', label: 'Deployments', icon: IconRocket },
  { to: '/workloads', label: 'Workloads', icon: IconStack2 },
  { to: '/webhooks', label: 'Webhooks', icon: IconWebhook },
  { to: '/companions', label: 'Companions', icon: IconServerBolt },
  { to: '/settings', label: 'Settings', icon: IconSettings },
];

export function AppNavbar({ onNavigate }: { onNavigate(): void }) {
  const { pathname } = useLocation();
  return (
    <>
      <AppShell.Section p="sm">
        <ScrollArea.Autosize mah="45vh" type="scroll">
          <HostSwitcher onNavigate={onNavigate} />
        </ScrollArea.Autosize>
      </AppShell.Section>
      <Divider />
      <AppShell.Section grow p="sm" component="nav" aria-label="Sections">
        {NAV_ITEMS.map(({ to, label, icon: ItemIcon }) => (
          <NavLink
            key={to}
            component={RouterLink}
            to={to}
            label={label}
            leftSection={<ItemIcon size={18} stroke={1.6} aria-hidden />}
            active={pathname === to || pathname.startsWith(`${to}/`)}
            onClick={onNavigate}
          />
        ))}
      </AppShell.Section>
    </>
  );
}

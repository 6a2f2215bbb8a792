import { AppShell } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet } from 'react-router';
import { FleetSearch } from '../../features/search/FleetSearch';
import { AppHeader } from './AppHeader';
import { AppNavbar } from './AppNavbar';
import { SecretBackendAlert } from './SecretBackendAlert';

export function AppLayout() {
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="lg"
    >
      <AppShell.Header>
        <AppHeader navOpened={navOpened} onToggleNav={toggleNav} />
      </AppShell.Header>
      <AppShell.Navbar aria-label="Main navigation">
        <AppNavbar onNavigate={closeNav} />
      </AppShell.Navbar>
      <AppShell.Main>
        <SecretBackendAlert />
        <Outlet />
      </AppShell.Main>
      <FleetSearch />
    </AppShell>
  );
}

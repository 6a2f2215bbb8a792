import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './NotFoundPage';

// Each page is its own chunk, fetched when first visited.
const ContainersPage = lazy(() =>
  import('../features/containers/ContainersPage').then((m) => ({ default: m.ContainersPage })),
);
const DeploymentsPage = lazy(() =>
  import('../features/deployments/DeploymentsPage').then((m) => ({ default: m.DeploymentsPage })),
);
const HostPage = lazy(() => import('../features/hosts/HostPage').then((m) => ({ default: m.HostPage })));
const HostsDashboard = lazy(() =>
  import('../features/hosts/HostsDashboard').then((m) => ({ default: m.HostsDashboard })),
);
const SettingsPage = lazy(() =>
  import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);
const UpdatesPage = lazy(() =>
  import('../features/updates/UpdatesPage').then((m) => ({ default: m.UpdatesPage })),
);

function Page({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader size="sm" aria-label="Loading page" />
        </Center>
      }
    >
      {children}
    </Suspense>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/hosts" replace />} />
        <Route
          path="hosts"
          element={
            <Page>
              <HostsDashboard />
            </Page>
          }
        />
        <Route
          path="hosts/:hostId"
          element={
            <Page>
              <HostPage />
            </Page>
          }
        />
        <Route
          path="containers"
          element={
            <Page>
              <ContainersPage />
            </Page>
          }
        />
        <Route
          path="updates"
          element={
            <Page>
              <UpdatesPage />
            </Page>
          }
        />
        <Route
          path="deployments"
          element={
            <Page>
              <DeploymentsPage />
            </Page>
          }
        />
        <Route
          path="settings"
          element={
            <Page>
              <SettingsPage />
            </Page>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

import { Navigate, Route, Routes } from 'react-router';
import { lazyPage } from './lazy-page';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { PageBoundary } from './PageBoundary';

// Each page is its own chunk, fetched when first visited.
const containers = lazyPage(() =>
  import('../features/containers/ContainersPage').then((m) => m.ContainersPage),
);
const container = lazyPage(() =>
  import('../features/containers/details/ContainerDetailsPage').then((m) => m.ContainerDetailsPage),
);
const deployments = lazyPage(() =>
  import('../features/deployments/DeploymentsPage').then((m) => m.DeploymentsPage),
);
const fleet = lazyPage(() =>
  import('../features/fleet/FleetContainersPage').then((m) => m.FleetContainersPage),
);
const host = lazyPage(() => import('../features/hosts/HostPage').then((m) => m.HostPage));
const hosts = lazyPage(() => import('../features/hosts/HostsDashboard').then((m) => m.HostsDashboard));
const settings = lazyPage(() => import('../features/settings/SettingsPage').then((m) => m.SettingsPage));
const workloads = lazyPage(() => import('../features/workloads/WorkloadsPage').then((m) => m.WorkloadsPage));
const workload = lazyPage(() =>
  import('../features/workloads/WorkloadDetailPage').then((m) => m.WorkloadDetailPage),
);
const companions = lazyPage(() =>
  import('../features/companions/CompanionsPage').then((m) => m.CompanionsPage),
);
const webhooks = lazyPage(() => import('../features/webhooks/WebhooksPage').then((m) => m.WebhooksPage));
const updates = lazyPage(() => import('../features/updates/UpdatesPage').then((m) => m.UpdatesPage));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/hosts" replace />} />
        <Route path="hosts" element={<PageBoundary page={hosts} />} />
        <Route path="hosts/:hostId" element={<PageBoundary page={host} />} />
        <Route path="hosts/:hostId/containers/:containerId" element={<PageBoundary page={container} />} />
        <Route path="containers" element={<PageBoundary page={containers} />} />
        <Route path="fleet" element={<PageBoundary page={fleet} />} />
        <Route path="updates" element={<PageBoundary page={updates} />} />
        <Route path="deployments" element={<PageBoundary page={deployments} />} />
        <Route path="workloads" element={<PageBoundary page={workloads} />} />
        <Route path="workloads/:id" element={<PageBoundary page={workload} />} />
        <Route path="webhooks" element={<PageBoundary page={webhooks} />} />
        <Route path="companions" element={<PageBoundary page={companions} />} />
        <Route path="settings" element={<PageBoundary page={settings} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

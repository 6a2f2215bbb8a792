import { Navigate, Route, Routes } from 'react-router';
import { ContainersPage } from '../features/containers/ContainersPage';
import { DeploymentsPage } from '../features/deployments/DeploymentsPage';
import { HostPage } from '../features/hosts/HostPage';
import { HostsDashboard } from '../features/hosts/HostsDashboard';
import { SettingsPage } from '../features/settings/SettingsPage';
import { UpdatesPage } from '../features/updates/UpdatesPage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './NotFoundPage';

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/hosts" replace />} />
        <Route path="hosts" element={<HostsDashboard />} />
        <Route path="hosts/:hostId" element={<HostPage />} />
        <Route path="containers" element={<ContainersPage />} />
        <Route path="updates" element={<UpdatesPage />} />
        <Route path="deployments" element={<DeploymentsPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorBoundary } from 'react-error-boundary';
import { HashRouter } from 'react-router';
import type { ApiConnection } from '../api/connection';
import { ApiProvider } from '../api/context';
import { CoreSwitchProvider } from '../api/core-switch';
import { createQueryClient } from '../api/query-client';
import { SelectedHostProvider } from '../features/hosts/selected-host';
import { AccessTokenGate } from './AccessTokenGate';
import { AppCrashed } from './AppCrashed';
import { EventSync } from './EventSync';
import { NavigateSync } from './NavigateSync';
import { AppRoutes } from './routes';
import { theme } from './theme';
import { ThemeSync } from './ThemeSync';

export function App({ connection }: { connection: ApiConnection }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="top-right" limit={5} />
      <ErrorBoundary FallbackComponent={AppCrashed}>
        <ApiProvider connection={connection}>
          <QueryClientProvider client={queryClient}>
            <EventSync />
            <ThemeSync />
            <AccessTokenGate>
              <HashRouter>
                <NavigateSync />
                <CoreSwitchProvider queryClient={queryClient}>
                  <SelectedHostProvider>
                    <AppRoutes />
                  </SelectedHostProvider>
                </CoreSwitchProvider>
              </HashRouter>
            </AccessTokenGate>
          </QueryClientProvider>
        </ApiProvider>
      </ErrorBoundary>
    </MantineProvider>
  );
}

import { Button, Center, EmptyState, Loader } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Suspense, useEffect, useRef } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { useLocation } from 'react-router';
import { useConnectionStatus } from '../api/context';
import type { LazyPage } from './lazy-page';

/**
 * Renders one lazily loaded page. A page that fails (its chunk could not be fetched, or it threw) shows
 * why and how to go on, while the header, navigation and connection badge stay: one broken page never
 * blanks the window. A failed page retries by itself when the connection comes back, and on navigation.
 */
export function PageBoundary({ page: Page }: { page: LazyPage }) {
  const location = useLocation();
  return (
    <ErrorBoundary
      FallbackComponent={PageFailed}
      resetKeys={[location.pathname]}
      onReset={() => Page.forget()}
    >
      <Suspense
        fallback={
          <Center py="xl">
            <Loader size="sm" aria-label="Loading page" />
          </Center>
        }
      >
        <Page />
      </Suspense>
    </ErrorBoundary>
  );
}

function PageFailed({ error, resetErrorBoundary }: FallbackProps) {
  const { state } = useConnectionStatus();
  // Whether the connection dropped since the failure (or was down at the time): then its return is a
  // reason to try again without being asked.
  const sawOutage = useRef(state !== 'open');
  useEffect(() => {
    if (state !== 'open') sawOutage.current = true;
    else if (sawOutage.current) resetErrorBoundary();
  }, [state, resetErrorBoundary]);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <EmptyState
      mt="xl"
      icon={<IconAlertTriangle size={32} />}
      withIndicatorBackground
      title="This page could not be shown"
      description={`${message.replace(/\.$/, '')}. Tidewatch tries again when the connection to the core is back.`}
    >
      <EmptyState.Actions>
        <Button variant="light" onClick={() => resetErrorBoundary()}>
          Try again
        </Button>
        <Button variant="subtle" onClick={() => window.location.reload()}>
          Reload the window
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

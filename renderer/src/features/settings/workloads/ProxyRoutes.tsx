import { Alert, Button, Code, Loader, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../api/query-client';
import { useProxyRoutes } from '../../../api/workloads';

/** The routes the host's proxy has now, read on request (it asks the proxy through SSH). */
export function ProxyRoutes({ hostId }: { hostId: string }) {
  const [shown, setShown] = useState(false);
  const routes = useProxyRoutes(hostId, shown);
  if (!shown)
    return (
      <Button size="xs" variant="subtle" w="fit-content" onClick={() => setShown(true)}>
        Show the proxy&apos;s routes
      </Button>
    );
  return (
    <Stack gap="xs" role="group" aria-label="Proxy routes">
      {routes.isPending && <Loader size="sm" aria-label="Loading routes" />}
      {routes.error && (
        <Alert color="orange" title="The routes could not be read">
          {errorMessage(routes.error)}
        </Alert>
      )}
      {routes.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No routes.
        </Text>
      )}
      {routes.data && routes.data.length > 0 && (
        <Table verticalSpacing={4} aria-label="Routes">
          <Table.Tbody>
            {routes.data.map((route) => (
              <Table.Tr key={route.hostname}>
                <Table.Td>
                  <Text size="sm">{route.hostname}</Text>
                </Table.Td>
                <Table.Td>
                  {route.upstreams.map((upstream) => (
                    <Code key={upstream} mr={4}>
                      {upstream}
                    </Code>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {route.managed ? 'Tidewatch' : 'found there'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

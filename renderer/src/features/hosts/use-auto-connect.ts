import { useSessionStorage } from '@mantine/hooks';
import { useEffect } from 'react';
import { useConnectHost, useHostStatuses } from '../../api/hosts';

/**
 * Saved hosts start disconnected in the core. Once per app session the renderer asks the core to connect
 * every idle host, so the dashboard fills in without a click per host. A reload in the same session does
 * not reconnect hosts the user disconnected on purpose.
 */
export function useAutoConnect(): void {
  const { data: statuses } = useHostStatuses();
  const { mutate: connect } = useConnectHost({ meta: { silent: true } });
  const [done, setDone] = useSessionStorage({
    key: 'tidewatch.autoConnected',
    defaultValue: false,
    getInitialValueInEffect: false,
  });
  useEffect(() => {
    if (done || !statuses) return;
    setDone(true);
    for (const status of statuses) if (status.state === 'disconnected') connect({ id: status.hostId });
  }, [done, statuses, connect, setDone]);
}

import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useClient } from '../api/context';
import { splitCoreParam } from '../api/core-param';
import { coreSelection } from '../api/core-switch';

/**
 * Follows `app.navigate` from the shell (a notification click opens e.g. `/updates?host=<id>`). The page is
 * on the app's own core, or on a companion's when the path names one (`?core=<id>`: its tray line or
 * notification): the core switches first, then the page opens.
 */
export function NavigateSync() {
  const client = useClient();
  const navigate = useNavigate();
  useEffect(
    () =>
      client.on('app.navigate', ({ path }) => {
        const target = splitCoreParam(path);
        if (target.core !== coreSelection.get()) coreSelection.set(target.core);
        void navigate(target.path);
      }),
    [client, navigate],
  );
  return null;
}

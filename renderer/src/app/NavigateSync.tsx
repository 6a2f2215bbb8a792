import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useClient } from '../api/context';

/** Follows `app.navigate` from the shell (a notification click opens e.g. `/updates?host=<id>`). */
export function NavigateSync() {
  const client = useClient();
  const navigate = useNavigate();
  useEffect(() => client.on('app.navigate', ({ path }) => void navigate(path)), [client, navigate]);
  return null;
}

import { useLocalStorage } from '@mantine/hooks';
import { createContext, useContext, useMemo, type ReactNode } from 'react';

interface SelectedHost {
  hostId: string | null;
  select(hostId: string | null): void;
}

const SelectedHostContext = createContext<SelectedHost | null>(null);

/** The host the Containers page and the switcher focus on; remembered across restarts. */
export function SelectedHostProvider({ children }: { children: ReactNode }) {
  const [hostId, setHostId] = useLocalStorage<string | null>({
    key: 'tidewatch.selectedHost',
    defaultValue: null,
    // Read at once: reading in an effect would show "pick a host" for one frame on every start.
    getInitialValueInEffect: false,
  });
  const value = useMemo(() => ({ hostId, select: setHostId }), [hostId, setHostId]);
  return <SelectedHostContext.Provider value={value}>{children}</SelectedHostContext.Provider>;
}

export function useSelectedHost(): SelectedHost {
  const selected = useContext(SelectedHostContext);
  if (!selected) throw new Error('useSelectedHost needs a <SelectedHostProvider> above it');
  return selected;
}

import { Select } from '@mantine/core';
import { IconServerBolt } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useAppInfo } from '../../api/app';
import { useCompanions } from '../../api/companions';
import { coreSelection, LocalCore, useSelectedCore } from '../../api/core-switch';

const LOCAL = 'local';

/** The header's core switcher: operate this app's own core or an attached companion's. Hidden without companions. */
export function CoreSwitcher() {
  return (
    <LocalCore>
      <CoreSelect />
    </LocalCore>
  );
}

function CoreSelect() {
  const { data: companions } = useCompanions();
  const { data: info } = useAppInfo();
  const selected = useSelectedCore();
  const navigate = useNavigate();

  // A companion removed (here or in another window) cannot stay selected.
  useEffect(() => {
    if (companions && selected !== null && !companions.some((companion) => companion.id === selected))
      coreSelection.set(null);
  }, [companions, selected]);

  if (!companions || (companions.length === 0 && selected === null)) return null;
  const localLabel = info?.mode === 'companion' ? 'This server' : 'This desktop';
  const data = [
    { value: LOCAL, label: localLabel },
    ...companions.map((companion) => ({
      value: String(companion.id),
      label: companion.state === 'open' ? companion.name : `${companion.name} (${companion.state})`,
    })),
  ];
  return (
    <Select
      aria-label="Core"
      size="xs"
      w={220}
      data={data}
      value={selected === null ? LOCAL : String(selected)}
      allowDeselect={false}
      leftSection={<IconServerBolt size={14} aria-hidden />}
      // Operating another core is shown plainly: the same pages now change that server's hosts.
      variant={selected === null ? 'default' : 'filled'}
      onChange={(value) => {
        const next = value === null || value === LOCAL ? null : Number(value);
        if (next === selected) return;
        coreSelection.set(next);
        // The current page may name a host or workload of the other core.
        void navigate('/hosts');
      }}
    />
  );
}

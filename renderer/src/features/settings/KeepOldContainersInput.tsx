import { NumberInput } from '@mantine/core';
import { KEEP_OLD_CONTAINERS_MAX } from '@shared/schemas/settings';
import { useUpdateSettings } from '../../api/settings';

/** How many replaced containers an update leaves on the host, stopped, for an instant manual rollback. */
export function KeepOldContainersInput({ value }: { value: number }) {
  const update = useUpdateSettings();
  return (
    <NumberInput
      label="Keep replaced containers"
      description={`After a successful update, keep this many of the container's previous versions on the host, stopped, named <name>.tidewatch-old-<id>. 0 removes the replaced container. At most ${KEEP_OLD_CONTAINERS_MAX}.`}
      styles={{ wrapper: { maxWidth: 120 } }}
      min={0}
      max={KEEP_OLD_CONTAINERS_MAX}
      allowDecimal={false}
      allowNegative={false}
      value={value}
      onChange={(next) => {
        if (typeof next === 'number' && next >= 0 && next <= KEEP_OLD_CONTAINERS_MAX && next !== value)
          update.mutate({ keepOldContainers: next });
      }}
    />
  );
}

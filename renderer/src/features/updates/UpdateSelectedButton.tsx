import { Button } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import type { UpdateEntry } from '@shared/schemas/updates';
import { useUpdateEntries } from './use-update-entries';

/** Updates every selected container to its offered version (see `useUpdateEntries`). */
export function UpdateSelectedButton({ entries }: { entries: readonly UpdateEntry[] }) {
  const update = useUpdateEntries();
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconRocket size={14} />}
      disabled={entries.length === 0}
      loading={update.isPending}
      onClick={() => update.run(entries)}
    >
      Update selected
    </Button>
  );
}

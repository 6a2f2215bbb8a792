import { EmptyState, Paper } from '@mantine/core';
import { IconRefreshAlert } from '@tabler/icons-react';
import { PageHeader } from '../../components/PageHeader';

export function UpdatesPage() {
  return (
    <>
      <PageHeader title="Updates" description="Newer images for the containers on your hosts." />
      <Paper withBorder p="xl">
        <EmptyState
          icon={<IconRefreshAlert size={32} />}
          withIndicatorBackground
          title="No updates yet"
          description="When Tidewatch finds a newer image for one of your containers, it appears here."
        />
      </Paper>
    </>
  );
}

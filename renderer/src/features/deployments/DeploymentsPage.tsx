import { EmptyState, Paper } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import { PageHeader } from '../../components/PageHeader';

export function DeploymentsPage() {
  return (
    <>
      <PageHeader title="Deployments" description="Health-gated rollouts with automatic rollback." />
      <Paper withBorder p="xl">
        <EmptyState
          icon={<IconRocket size={32} />}
          withIndicatorBackground
          title="Deployments arrive in a later version"
          description="This version watches hosts and containers; deploying new versions is not built yet."
        />
      </Paper>
    </>
  );
}

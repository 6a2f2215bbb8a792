import { Button, EmptyState } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <EmptyState
      mt="xl"
      icon={<IconMapOff size={32} />}
      withIndicatorBackground
      title="Page not found"
      description="This address does not lead anywhere in Tidewatch."
    >
      <EmptyState.Actions>
        <Button component={Link} to="/hosts" variant="light">
          Go to hosts
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

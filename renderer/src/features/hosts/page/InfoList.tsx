import { SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface InfoItem {
  label: string;
  value: ReactNode;
}

/** Label/value pairs as a description list, two columns. */
export function InfoList({ items }: { items: InfoItem[] }) {
  return (
    <SimpleGrid component="dl" cols={2} spacing="xs" verticalSpacing="sm" m={0}>
      {items.map(({ label, value }) => (
        <div key={label}>
          <Text component="dt" size="xs" c="dimmed">
            {label}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ wordBreak: 'break-word' }}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

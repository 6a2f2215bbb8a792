import { Badge, Group, Text } from '@mantine/core';
import { Spotlight, useSpotlight } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useContainersOfHosts } from '../../api/containers';
import { useHosts, useHostStatusMap } from '../../api/hosts';
import { firstResults, searchFleet } from './search-results';
import { searchStore } from './search-store';

/** Ctrl/⌘+K or `/`: containers, compose projects and images across every connected host; Enter goes there. */
export function FleetSearch() {
  const [query, setQuery] = useState('');
  // Container lists are fetched only while the search is open (cached ones answer at once).
  const { opened } = useSpotlight(searchStore);
  const navigate = useNavigate();
  const { data: hosts } = useHosts();
  const statuses = useHostStatusMap();
  const connected = (hosts ?? []).filter(
    (host) => host.dockerEnabled && statuses.get(host.id)?.state === 'connected',
  );
  const lists = useContainersOfHosts(opened ? connected.map((host) => host.id) : []);
  const { shown: results, moreHosts } = firstResults(
    searchFleet(
      connected.map((host, index) => ({
        hostId: host.id,
        hostName: host.name,
        containers: lists[index]?.data ?? [],
      })),
      query,
    ),
  );
  return (
    <Spotlight.Root
      store={searchStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K', '/']}
      scrollable
      maxHeight={480}
    >
      <Spotlight.Search
        placeholder="Search containers, projects and images on every host"
        leftSection={<IconSearch size={18} />}
        aria-label="Search every host"
      />
      <Spotlight.ActionsList aria-label="Search results">
        {results.map((result) => (
          <Spotlight.ActionsGroup key={result.hostId} label={result.hostName}>
            {result.hits.map((hit) => (
              <Spotlight.Action key={hit.key} onClick={() => void navigate(hit.path)}>
                <Group gap="sm" wrap="nowrap" w="100%">
                  <Badge size="xs" variant="light" miw="fit-content">
                    {hit.kind}
                  </Badge>
                  <Text size="sm" fw={500} truncate>
                    {hit.label}
                  </Text>
                  <Text size="xs" c="dimmed" truncate ml="auto">
                    {hit.detail}
                  </Text>
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        ))}
        {moreHosts > 0 && (
          <Text size="xs" c="dimmed" ta="center" py="xs">
            Matches on {moreHosts} more {moreHosts === 1 ? 'host' : 'hosts'}: type more to narrow the search.
          </Text>
        )}
        {query.trim() !== '' && results.length === 0 && (
          <Spotlight.Empty>Nothing found on the connected hosts.</Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}

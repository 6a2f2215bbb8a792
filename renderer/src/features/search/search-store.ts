import { createSpotlight } from '@mantine/spotlight';

/** The search's own store, so the header button and the search share one open/closed state. */
export const [searchStore, fleetSearch] = createSpotlight();

import { use, type ComponentType } from 'react';

/** A page component whose code is fetched when first rendered; `forget` drops a failed fetch. */
export type LazyPage = ComponentType & { forget(): void };

/**
 * A page that is its own chunk. Unlike `React.lazy`, a failed fetch is not kept for good: it fails while
 * the companion restarts, and the page must load once the companion is back. The failure stays until the
 * error boundary resets (then `forget` lets the next render fetch again); dropping it at once would
 * make React's own re-render after the rejection start a new fetch and never show the error.
 */
export function lazyPage(load: () => Promise<ComponentType>): LazyPage {
  let loading: Promise<ComponentType> | null = null;
  function LazyPageLoader() {
    loading ??= load();
    const Page = use(loading);
    return <Page />;
  }
  return Object.assign(LazyPageLoader, {
    forget() {
      loading = null;
    },
  });
}

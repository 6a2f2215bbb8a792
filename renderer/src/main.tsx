// Must run before any zod schema is built (see the module): keeps zod from probing eval under our CSP.
import '@shared/rpc/zod-csp';
// First: no schema may be built before zod is told not to probe eval (see zod-csp.ts).
import '@shared/rpc/zod-csp';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/spotlight/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiConnection } from './api/connection';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// One connection for the life of the page: created outside React so StrictMode's double mount cannot open two.
const connection = createApiConnection(window);

createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);

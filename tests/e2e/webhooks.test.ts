// Webhook intake in the browser against the real companion: turn the listener on, copy the CI hook's
// secret URL from the page, deliver a push to it, see the delivery in the log, regenerate the secret and
// find the old URL refused. No lab host is needed: an image no workload uses is only noted.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

/** Bounds for waits; failures, not performance assertions. */
const UI_WAIT = { timeout: 90_000 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const push = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ image: 'registry.example/org/e2e-app:1.0' }),
  });

describe('webhooks page', { timeout: 300_000 }, () => {
  let companion: CompanionProcess;
  let browser: Browser;
  let app: AppPage;
  /** Where the first test turned the listener on. */
  let listenerPort = 0;

  beforeAll(async () => {
    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await companion?.stop();
  });

  it('turns the listener on, logs a CI push, and a regenerated secret refuses the old URL', async () => {
    const { page } = app;
    const port = await freePort();
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Webhooks', exact: true })
      .click();
    const listener = page.getByRole('region', { name: 'Listener' });
    await listener.getByLabel('Listen address').fill(`127.0.0.1:${port}`);
    await listener.getByRole('button', { name: 'Save address' }).click();
    // The switch follows the saved setting, so it flips once the core answered: click, then wait.
    await listener.getByLabel('Receive webhooks').click();
    await listener.getByText(`Listening at http://127.0.0.1:${port}`).waitFor(UI_WAIT);

    const endpoints = page.getByRole('region', { name: 'Endpoints' });
    const ciRow = endpoints.getByRole('row', { name: 'Endpoint ci' });
    await ciRow.getByRole('button', { name: 'Reveal' }).click();
    const urlText = ciRow.getByLabel('URL of ci');
    await expect.poll(() => urlText.innerText(), UI_WAIT).toMatch(/\/api\/webhook\/[A-Za-z0-9_-]{40,}$/);
    const oldUrl = await urlText.innerText();
    expect(oldUrl.startsWith(`http://127.0.0.1:${port}/api/webhook/`)).toBe(true);

    expect((await push(oldUrl)).status).toBe(202);
    const deliveries = page.getByRole('table', { name: 'Webhook deliveries' });
    await deliveries
      .getByRole('row')
      .filter({ hasText: 'no workload uses this image; notified' })
      .waitFor(UI_WAIT);
    expect(await deliveries.innerText()).toContain('registry.example/org/e2e-app:1.0');

    await ciRow.getByRole('button', { name: 'Regenerate ci' }).click();
    await ciRow.getByRole('button', { name: /Confirm/ }).click();
    await expect.poll(() => urlText.innerText(), UI_WAIT).not.toBe(oldUrl);
    const newUrl = await urlText.innerText();
    expect((await push(oldUrl)).status).toBe(401);
    expect((await push(newUrl)).status).toBe(202);
    await deliveries.getByRole('row').filter({ hasText: '401' }).first().waitFor(UI_WAIT);
    await app.screenshot('webhooks.png');
    expect(app.consoleErrors).toEqual([]);
    listenerPort = port;
  });

  it('shows what DIUN reported on the Updates page; acknowledging hides it', async () => {
    const { page } = app;
    const secret = (await companion.client().call('webhooks.endpoints')).find(
      (e) => e.name === 'diun',
    )?.secret;
    const diun = (image: string, hubLink: string) =>
      fetch(`http://127.0.0.1:${listenerPort}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: secret ?? '' },
        body: JSON.stringify({
          diun_version: '4.28.0',
          hostname: 'nas-e2e',
          status: 'update',
          provider: 'docker',
          image,
          hub_link: hubLink,
          digest: `sha256:${'a'.repeat(64)}`,
          created: '2026-12-01T10:00:00Z',
          platform: 'linux/amd64',
          metadata: { ctn_names: 'e2e-app' },
        }),
      });
    expect((await diun('docker.io/library/e2e-diun:1.2', 'https://hub.docker.com/_/e2e-diun')).status).toBe(
      200,
    );
    // A hostile hub link is shown as text, never as a link.
    expect((await diun('docker.io/library/e2e-evil:1', 'javascript:alert(1)')).status).toBe(200);

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Updates', exact: true })
      .click();
    const section = page.getByRole('region', { name: 'Reported by DIUN' });
    const good = section.getByRole('row', { name: 'DIUN docker.io/library/e2e-diun:1.2' });
    await good.waitFor(UI_WAIT);
    expect(await good.innerText()).toContain('nas-e2e (DIUN) · e2e-app');
    expect(
      await good.getByRole('link', { name: 'docker.io/library/e2e-diun:1.2' }).getAttribute('href'),
    ).toBe('https://hub.docker.com/_/e2e-diun');
    const evil = section.getByRole('row', { name: 'DIUN docker.io/library/e2e-evil:1' });
    expect(await evil.getByRole('link').count()).toBe(0);

    await app.screenshot('updates-diun.png');
    await good.getByRole('button', { name: 'Acknowledge' }).click();
    await good.waitFor({ state: 'detached', ...UI_WAIT });
    expect(
      (await companion.client().call('webhooks.diunUpdates')).find((u) => u.image.includes('e2e-diun')),
    ).toMatchObject({
      acknowledged: true,
    });
    expect(app.consoleErrors).toEqual([]);
  });

  it('saves the listener options: half a TLS pair is refused, a lower rate limit answers 429', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Webhooks', exact: true })
      .click();
    const options = page.getByRole('group', { name: 'Listener options' });
    await options.getByLabel('TLS certificate file').fill('/etc/tidewatch/cert.pem');
    await options.getByRole('button', { name: 'Save options' }).click();
    await options.getByText(/Give both the certificate and the key file, or neither/).waitFor(UI_WAIT);
    await options.getByRole('button', { name: 'Undo changes' }).click();

    await options.getByLabel('Deliveries per minute and source').fill('1');
    await options.getByRole('button', { name: 'Save options' }).click();
    await expect
      .poll(async () => (await companion.client().call('webhooks.status')).config.ratePerMinute, UI_WAIT)
      .toBe(1);
    const ci = (await companion.client().call('webhooks.endpoints')).find((e) => e.name === 'ci');
    const url = `http://127.0.0.1:${listenerPort}/api/webhook/${ci?.secret ?? ''}`;
    const answers = [(await push(url)).status, (await push(url)).status];
    expect(answers).toContain(429);
    expect(app.consoleErrors).toEqual([]);
  });
});

/**
 * The add-host form as a newcomer meets it: every bad field gets its own message where it is, nothing is
 * clamped or dropped silently, and a name the core refuses is shown at the name field.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

const UI_WAIT = { timeout: 60_000 };
let companion: CompanionProcess;
let browser: Browser;
let app: AppPage;

describe('add-host form validation', () => {
  beforeAll(async () => {
    companion = await startCompanionProcess();
    const client = companion.client();
    await client.call('hosts.create', {
      name: 'taken',
      address: '10.231.0.250',
      user: 'ops',
      auth: { kind: 'agent' },
    });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await companion?.stop();
  });

  const form = () => app.page.getByRole('form', { name: 'Add host' });

  it('shows every problem of an empty form at its field, and keeps an out-of-range port as typed', async () => {
    await app.page
      .getByRole('region', { name: 'Host switcher' })
      .getByRole('button', { name: 'Add host', exact: true })
      .click();
    await form().getByLabel('Port').fill('99999');
    await form().getByRole('button', { name: 'Add host', exact: true }).click();
    for (const message of [
      'Give the host a name',
      'Enter a host name or IP address',
      'A port from 1 to 65535',
      'Enter the SSH user',
    ]) {
      await form().getByText(message).waitFor(UI_WAIT);
    }
    await form().getByText('4 fields need attention').waitFor(UI_WAIT);
    expect(await form().getByLabel('Port').inputValue()).toBe('99999');
  });

  it('says where the user goes when user@host is typed as the address', async () => {
    await form().getByLabel('Address').fill('deploy@web-1.example.com');
    await form().getByRole('button', { name: 'Add host', exact: true }).click();
    await form()
      .getByText(/put the part before @ in the User field/)
      .waitFor(UI_WAIT);
  });

  it('shows a name the core refuses as taken at the name field', async () => {
    await form().getByLabel('Name').fill('taken');
    await form().getByLabel('Address').fill('10.231.0.251');
    await form().getByLabel('Port').fill('22');
    await form().getByLabel('User', { exact: true }).fill('deploy');
    await form()
      .getByLabel('SSH agent')
      .check({ force: true })
      .catch(async () => {
        await form().getByText('SSH agent', { exact: true }).click();
      });
    await form().getByRole('button', { name: 'Add host', exact: true }).click();
    await form()
      .getByText(/A host named taken already exists: choose another name/)
      .waitFor(UI_WAIT);
    expect(await companion.client().call('hosts.list')).toHaveLength(1);
  });
});

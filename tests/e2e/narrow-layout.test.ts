// The promise "status badges never truncate; layouts work down to 900 px wide", checked in the browser at
// 900×700 against the real companion and dock1: every page reached from the sidebar, with a connected host,
// a few containers (a compose-labelled pair among them), an update found, a deploy and a workload on record.
// On each page the document does not scroll sideways, no badge's label is cut short, and the first table
// row's buttons are on screen or inside a container that scrolls sideways. A screenshot per page goes to
// tests/artifacts for a look at what the assertions cannot see.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TidewatchClient } from '@shared/rpc/client';
import { dockerCli } from '../lab/lab';
import { labHost } from '../support/lab-host';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

const lab = inject('lab');
/** Bounds for waits on real daemons; failures, not performance assertions. */
const UI_WAIT = { timeout: 120_000 };
const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const image = `${lab.registries.plain}/lab/web:1.0.0`;
const single = `tw-b-narrow-${suffix}`;
const project = `tw-b-narrow-shop-${suffix}`;
const members = [`${project}-db-1`, `${project}-web-1`];
const workloadName = `tw-b-narrow-${suffix}`.slice(0, 40);

function composeLabels(service: string): string[] {
  const labels = {
    'com.docker.compose.project': project,
    'com.docker.compose.service': service,
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
    'com.docker.compose.project.working_dir': `/srv/${project}`,
    'com.docker.compose.project.config_files': `/srv/${project}/compose.yaml`,
  };
  return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}

/**
 * What is wrong with the layout as drawn: the document scrolling sideways (with the elements that stick out),
 * badge labels cut short, and first-row buttons off screen outside any sideways-scrolling container. Plain
 * script text: the tests are compiled without the DOM's types.
 */
const LAYOUT_PROBLEMS = `(() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const describe = (element) => {
    const text = (element.textContent ?? '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    const label = element.getAttribute('aria-label');
    return '<' + element.tagName.toLowerCase() + ' class="' + String(element.className).slice(0, 60) + '"' +
      (label ? ' aria-label="' + label + '"' : '') + '> "' + text + '"';
  };
  const scrollsSideways = (element) => {
    const { overflowX } = getComputedStyle(element);
    return (overflowX === 'auto' || overflowX === 'scroll') && element.scrollWidth > element.clientWidth;
  };
  const insideSidewaysScroller = (element) => {
    for (let at = element.parentElement; at && at !== root; at = at.parentElement) {
      if (scrollsSideways(at)) return true;
    }
    return false;
  };
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };

  const pageScroll = [];
  if (root.scrollWidth > width + 1) {
    pageScroll.push('the page scrolls sideways: ' + root.scrollWidth + ' px wide in a ' + width + ' px window');
    // The outermost elements that reach past the right edge (not inside a scroller): the culprits.
    const sticking = [...document.body.querySelectorAll('*')].filter(
      (element) => visible(element) && element.getBoundingClientRect().right > width + 1 &&
        !insideSidewaysScroller(element),
    );
    const outermost = sticking.filter((element) => !sticking.includes(element.parentElement));
    for (const element of outermost.slice(0, 8)) {
      pageScroll.push('  ' + Math.round(element.getBoundingClientRect().right) + ' px: ' + describe(element));
    }
  }

  const badges = [...document.querySelectorAll('.mantine-Badge-root')].filter(visible).flatMap((badge) => {
    const label = badge.querySelector('.mantine-Badge-label');
    return label && label.scrollWidth > label.clientWidth + 1
      ? ['badge cut short (' + label.scrollWidth + ' px of text in ' + label.clientWidth + ' px): ' + describe(badge)]
      : [];
  });

  const rowActions = [...document.querySelectorAll('main table tbody tr:first-child')].flatMap((row) =>
    [...row.querySelectorAll('button, a[href]')]
      .filter(visible)
      .filter((control) => {
        const box = control.getBoundingClientRect();
        return (box.right > width + 1 || box.left < 0) && !insideSidewaysScroller(control);
      })
      .map((control) => 'first-row control out of reach: ' + describe(control)),
  );
  return { pageScroll, badges, rowActions };
})()`;

const layoutProblems = (page: Page) =>
  page.evaluate<{ pageScroll: string[]; badges: string[]; rowActions: string[] }>(LAYOUT_PROBLEMS);

describe('layout at 900 px wide', { timeout: 600_000 }, () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;
  let hostName: string;

  beforeAll(async () => {
    await dockerCli('dock1', ['run', '-d', '--name', single, image]);
    await dockerCli('dock1', ['run', '-d', '--name', members[0] ?? '', ...composeLabels('db'), image]);
    await dockerCli('dock1', ['run', '-d', '--name', members[1] ?? '', ...composeLabels('web'), image]);
    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    client = companion.client();
    const host = await client.call('hosts.create', labHost(lab, 'dock1'));
    hostName = host.name;
    const probe = await client.call('hosts.testConnection', { hostId: host.id });
    await client.call('hosts.trustHostKey', { hostId: host.id, fingerprint: probe.fingerprint ?? '' });
    await client.call('hosts.connect', { hostId: host.id });
    // Rows for the Updates, Deployments and Workloads pages.
    await client.call('registries.create', { host: lab.registries.plain, insecure: true });
    await client.call('updates.checkNow', { hostId: host.id });
    const deploy = await client.call('deploys.start', {
      hostId: host.id,
      containerName: single,
      tag: '1.1.0',
    });
    await client.call('workloads.create', {
      name: workloadName,
      hostId: host.id,
      image: `${lab.registries.plain}/lab/web`,
      port: 80,
      stages: [{ name: 'production', tagPattern: '*' }],
    });
    // The deploy's row reads the same from here on; the page is checked once it has finished.
    for (let state = deploy.state; !['done', 'failed', 'rolled-back'].includes(state);) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      state = (await client.call('deploys.get', { id: deploy.id })).state;
    }
    browser = await launchBrowser();
    app = await openApp(browser, companion);
    await app.page.setViewportSize({ width: 900, height: 700 });
  }, 360_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    client?.close();
    await companion?.stop();
    await dockerCli('dock1', ['rm', '-f', single, ...members]).catch(() => undefined);
  });

  /** Every page's problems, asserted together at the end so one run reports them all. */
  const problems: Record<string, string[]> = {};

  async function check(name: string) {
    await app.screenshot(`narrow-${name}.png`);
    const found = await layoutProblems(app.page);
    const kept = [...found.pageScroll, ...found.badges, ...found.rowActions];
    if (kept.length > 0) problems[name] = kept;
  }

  const nav = (label: string) =>
    app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: label, exact: true });

  it('fits every page without sideways scrolling or cut badges', async () => {
    const { page } = app;
    const heading = (name: string | RegExp) => page.getByRole('heading', { name, level: 2 }).waitFor(UI_WAIT);

    await nav('Hosts').click();
    await heading('Hosts');
    await page.getByLabel(`Open ${hostName}`).waitFor(UI_WAIT);
    await check('hosts');

    await page.getByLabel(`Open ${hostName}`).click();
    await heading(hostName);
    await page
      .getByRole('region', { name: 'Top containers' })
      .getByRole('table', { name: 'Top containers by cpu' })
      .getByRole('row')
      .nth(1)
      .waitFor(UI_WAIT);
    await check('host');

    await nav('Containers').click();
    await page.getByRole('region', { name: project }).waitFor(UI_WAIT);
    await page.getByRole('link', { name: single, exact: true }).waitFor(UI_WAIT);
    await check('containers');

    await page.getByRole('link', { name: single, exact: true }).click();
    await heading(single);
    await page.getByRole('table', { name: 'Environment' }).waitFor(UI_WAIT);
    await check('container');

    await nav('All containers').click();
    await heading('All containers');
    await page
      .getByRole('table', { name: 'All containers' })
      .getByRole('row')
      .filter({ hasText: single })
      .waitFor(UI_WAIT);
    await check('fleet');

    await nav('Updates').click();
    await heading('Updates');
    await page.getByRole('row').filter({ hasText: 'lab/web' }).first().waitFor(UI_WAIT);
    await check('updates');

    await nav('Deployments').click();
    await heading('Deployments');
    await page.getByRole('row').filter({ hasText: single }).first().waitFor(UI_WAIT);
    await check('deployments');

    await nav('Workloads').click();
    await heading('Workloads');
    await page.getByText(workloadName).first().waitFor(UI_WAIT);
    await check('workloads');

    await page.getByRole('link', { name: workloadName }).first().click();
    await heading(workloadName);
    await check('workload');

    await nav('Webhooks').click();
    await heading('Webhooks');
    await page.getByRole('region', { name: 'Endpoints' }).getByRole('row').nth(1).waitFor(UI_WAIT);
    await check('webhooks');

    await nav('Companions').click();
    await heading('Companions');
    await check('companions');

    await nav('Settings').click();
    await heading('Settings');
    await page.getByText(lab.registries.plain).first().waitFor(UI_WAIT);
    await check('settings');

    expect(problems).toEqual({});
    expect(app.consoleErrors).toEqual([]);
  });
});

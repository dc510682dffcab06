// Browser tests of the supervisors' dashboard (/dashboard) in Debian's Chromium driven by
// playwright-core, against a real HTTP server of the app over the real stack: a district officer signs
// in with the development sign-in and watches an escalation arrive live when a four-second acceptance
// deadline passes, opens the case timeline with its link to the Temporal UI and switches the language;
// a street supervisor signs in with a pasted token and sees only the street. Each test saves a
// screenshot under test-artifacts/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../api/app';
import { makeIdNumber } from '../../domain/ids';
import { eventually, openTestCase } from '../support/cases';
import { CHROMIUM, launchChromium, stopBrowserStack } from '../support/browser';
import { startTestPlatform, type TestPlatform } from '../support/harness';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const TEMPORAL_UI = 'http://temporal-ui.test:8233';
// Liwan (440103) belongs to this file; Huangpu's 萝岗街道 (440112005) is "another district".
const DISTRICT = '440103';
const STREET = '440103001';
const OTHER_STREET = '440112005';

let p: TestPlatform;
let server: Server;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Console errors and page errors (a CSP violation shows up here). */
const pageErrors: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

let seq = 0;
async function fileReport(streetCode: string, name: string): Promise<string> {
  seq += 1;
  const idNumber = makeIdNumber(
    streetCode.slice(0, 6),
    `19${40 + (Date.now() % 50)}0${1 + (seq % 9)}1${seq % 9}`,
    String(Date.now() % 1000).padStart(3, '0'),
  );
  const res = await fetch(`${base}/api/v1/reports`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await p.tokenFor('hotline', '440100')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      channel: 'hotline',
      subject: { idNumber, name, streetCode, address: '恩宁路 1 号' },
      situation: { summary: '独居老人，行动不便，无固定收入' },
    }),
  });
  const body = (await res.json()) as { caseId: string };
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(body)}`);
  return body.caseId;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The browser tests drive Debian's Chromium and never download one: ` +
        'install it (apt-get install chromium) or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  p = await startTestPlatform({
    policyOverrides: { deadlines: { normal: { accept: '4s', escalationWindow: '1h' }, urgent: { accept: '4s', escalationWindow: '1h' } } },
  });
  const app = createApp({
    prisma: p.prisma,
    temporal: p.client,
    config: p.config,
    policy: p.policy,
    pii: p.pii,
    logger: pino({ level: 'silent' }),
    temporalUiUrl: TEMPORAL_UI,
    // As npm start on embedded defaults offers it.
    devSignIn: true,
    escalationStream: { pollMs: 250, settleMs: 500 },
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(() => stopBrowserStack({ contexts, browser, server, platform: p }));

describe('the supervisors’ dashboard', () => {
  let page: Page;
  let caseId: string;

  it('signs a district officer in with the development sign-in and shows a new escalation live when its deadline passes', async () => {
    page = await newPage();
    await page.goto(`${base}/dashboard`);
    // Chinese by default.
    await page.getByRole('heading', { name: '登录督办看板' }).waitFor();
    await page.locator(`[data-testid="dev-user"][data-user-id="do-${DISTRICT}"]`).waitFor();
    await screenshot(page, 'dashboard-dev-sign-in');
    await page.locator(`[data-testid="dev-user"][data-user-id="do-${DISTRICT}"]`).click();
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('scope-title').textContent()).resolves.toContain('荔湾区');
    await page.getByRole('heading', { name: '实时预警' }).waitFor();

    caseId = await fileReport(STREET, '黄伯');
    const elsewhere = await openTestCase(p, { streetCode: OTHER_STREET, districtCode: OTHER_STREET.slice(0, 6) });

    const item = page.locator(`[data-testid="feed-item"][data-case-id="${caseId}"]`);
    await item.waitFor({ timeout: 30_000 });
    await expect(item.getAttribute('class')).resolves.toMatch(/\bfresh\b/);
    await expect(item.getAttribute('data-level')).resolves.toBe('district');
    await expect(item.textContent()).resolves.toContain('新');
    await expect(item.textContent()).resolves.toContain('受理时限');

    // The other district's case escalated as well, and this officer's page never shows it.
    await eventually(
      async () =>
        (await p.prisma.escalationFeed.findFirst({ where: { payload: { path: ['caseId'], equals: elsewhere.caseId } } })) ?? undefined,
      30_000,
    );
    await page.waitForTimeout(1500);
    expect(await page.locator(`[data-case-id="${elsewhere.caseId}"]`).count()).toBe(0);

    // Counts follow: the heat table shows the street's district-level escalation, the case is overdue.
    await page
      .locator(`[data-testid="heat-table"] tr[data-code="${STREET}"] td`)
      .first()
      .filter({ hasText: /^[1-9]/ })
      .waitFor({ timeout: 15_000 });
    await page.locator(`[data-testid="overdue-row"][data-case-id="${caseId}"]`).waitFor({ timeout: 15_000 });
    await screenshot(page, 'dashboard-live-escalation');
  });

  it('opens the case timeline with the escalation marked and the workflow linked in the Temporal UI', async () => {
    await page.locator(`[data-testid="feed-item"][data-case-id="${caseId}"] a`).click();
    await page.getByTestId('case-page').waitFor();
    const escalated = page.locator('[data-testid="timeline-event"][data-type="escalated"]');
    await escalated.waitFor();
    await expect(escalated.getAttribute('class')).resolves.toMatch(/\btl-escalation\b/);
    await expect(escalated.textContent()).resolves.toContain('预警');
    const types = await page.locator('[data-testid="timeline-event"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['reported', 'reminder', 'escalated']));
    const events = await p.prisma.caseEvent.count({ where: { caseId } });
    expect(types).toHaveLength(events);

    const row = await p.prisma.case.findUniqueOrThrow({ where: { caseId } });
    await expect(page.getByTestId('temporal-link').getAttribute('href')).resolves.toBe(
      `${TEMPORAL_UI}/namespaces/default/workflows/${encodeURIComponent(row.workflowId)}`,
    );
    await expect(page.getByTestId('case-page').textContent()).resolves.toContain('黄伯');
    await screenshot(page, 'dashboard-case-timeline');
  });

  it('switches to English and keeps the choice after a reload', async () => {
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByTestId('back').click();
    await page.getByRole('heading', { name: 'Live escalations' }).waitFor();
    await expect(page.getByTestId('sign-out').textContent()).resolves.toBe('Sign out');
    expect(await page.evaluate(() => localStorage.getItem('pa.dashboard.lang'))).toBe('en');

    await page.reload();
    await page.getByRole('heading', { name: 'Live escalations' }).waitFor();
    await expect(page.getByTestId('scope-title').textContent()).resolves.toContain('Liwan');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'dashboard-english');

    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: '实时预警' }).waitFor();
  });

  it('signs a street supervisor in with a pasted token; the page keeps to the street and lists overdue cases most late first', async () => {
    const later = await fileReport(STREET, '李婆婆');
    await eventually(async () => (await p.prisma.escalation.findFirst({ where: { caseId: later } })) ?? undefined, 30_000);

    const supervisor = await newPage();
    await supervisor.goto(`${base}/dashboard`);
    await supervisor.getByTestId('token-input').fill(await p.tokenFor('street_supervisor', STREET));
    await supervisor.getByTestId('token-submit').click();
    await supervisor.locator(`[data-testid="overdue-row"][data-case-id="${later}"]`).waitFor({ timeout: 15_000 });
    await expect(supervisor.getByTestId('scope-title').textContent()).resolves.toContain('逢源街道');

    const heatRows = await supervisor
      .locator('[data-testid="heat-table"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect(heatRows).toEqual([STREET]);
    const overdue = await supervisor
      .locator('[data-testid="overdue-row"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
    const due = await p.prisma.case.findMany({
      where: { caseId: { in: overdue as string[] } },
      select: { caseId: true, nextDueAt: true, streetCode: true },
    });
    expect(due.every((c) => c.streetCode === STREET)).toBe(true);
    const byDue = [...due].sort((a, b) => a.nextDueAt!.getTime() - b.nextDueAt!.getTime()).map((c) => c.caseId);
    expect(overdue).toEqual(byDue);
    expect(overdue.indexOf(caseId)).toBeLessThan(overdue.indexOf(later));
    await screenshot(supervisor, 'dashboard-street-supervisor');
  });

  it('shows a city officer every district in the heat table, this file’s escalation included', async () => {
    const city = await newPage();
    await city.goto(`${base}/dashboard`);
    await city.locator('[data-testid="dev-user"][data-user-id="co-440100"]').click();
    await city.locator('[data-testid="heat-table"] tbody tr').first().waitFor({ timeout: 15_000 });
    const rows = await city
      .locator('[data-testid="heat-table"] tbody tr')
      .evaluateAll((trs) => trs.map((r) => r.getAttribute('data-code')));
    expect(rows).toHaveLength(11);
    expect(rows).toContain(DISTRICT);
    await city.locator(`[data-testid="feed-item"][data-case-id="${caseId}"]`).waitFor({ timeout: 15_000 });
    await expect(city.getByTestId('scope-title').textContent()).resolves.toContain('广州市');
    await screenshot(city, 'dashboard-city-officer');
  });

  it('offers no development sign-in outside embedded development mode', async () => {
    const app = createApp({
      prisma: p.prisma,
      temporal: p.client,
      config: p.config,
      policy: p.policy,
      pii: p.pii,
      logger: pino({ level: 'silent' }),
    });
    const production = createServer(app);
    await new Promise<void>((resolve) => production.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(production.address() as AddressInfo).port}`;
      expect((await fetch(`${url}/dashboard/dev-users`)).status).toBe(404);
      expect(
        (
          await fetch(`${url}/dashboard/dev-token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: '{"userId":"co-440100"}',
          })
        ).status,
      ).toBe(404);
      const page2 = await newPage();
      await page2.goto(`${url}/dashboard`);
      await page2.getByTestId('token-input').waitFor();
      expect(await page2.getByTestId('dev-users').count()).toBe(0);
      await screenshot(page2, 'dashboard-sign-in');
      await page2.close();
    } finally {
      production.closeAllConnections();
      await new Promise((r) => production.close(r));
    }
  });

  it('ran without script errors or Content-Security-Policy violations', () => {
    expect(pageErrors).toEqual([]);
  });
});

// Browser tests of the workbench (/app) in Debian's Chromium driven by playwright-core, against a real
// HTTP server of the app over the real stack (Temporal dev server, PostgreSQL, a worker): a caseworker
// accepts a reported case from the to-do list, records a visit whose field error comes back from the
// API and is shown at the field, proposes assistance; a street supervisor approves what is within the
// street's limit and sees that more needs the district; a district officer approves it and watches an
// unattended child's escalation arrive live; a caseworker verifies a warning (§8) found in 待办 and 预警,
// stopped at the note when dismissing without one, keeping the form through a 503, then opening a case; a grid worker files two reports
// offline that are sent exactly once when the network returns. axe-core checks the main pages; screenshots at 1440 px and
// 390 px are saved under test-artifacts/workbench/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import ExcelJS from 'exceljs';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../api/app';
import { workbenchRouter } from '../../api/workbench/router';
import { makeIdNumber } from '../../domain/ids';
import { eventually } from '../support/cases';
import { CHROMIUM, documentScrollWidth, launchChromium, seriousAxeViolations, stopBrowserStack, waitForText } from '../support/browser';
import { startTestPlatform, type TestPlatform } from '../support/harness';
import { raiseWarning, registerPerson } from '../support/warnings';

const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'workbench');
// Baiyun (440111) belongs to this file: 三元里街道 for the case work, 景泰街道 for the offline reports.
const DISTRICT = '440111';
const STREET = '440111001';
const REPORT_STREET = '440111002';

let p: TestPlatform;
let server: Server;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors and Content-Security-Policy violations (failed API answers the tests provoke are not). */
const pageErrors: string[] = [];

async function newPage(width: 1440 | 390, options: { timezoneId?: string } = {}): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({
    viewport: width === 390 ? { width: 390, height: 844 } : { width: 1440, height: 1000 },
    locale: 'zh-CN',
    // Not Shanghai: times must still be shown in Guangzhou's clock.
    timezoneId: options.timezoneId ?? 'Europe/London',
    ...(width === 390 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) pageErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return { page, context };
}

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  // From the top, so the sticky header is where a person sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  expect(await documentScrollWidth(page)).toBeLessThanOrEqual(390);
}

async function axeCheck(page: Page, name: string): Promise<void> {
  const serious = await seriousAxeViolations(page);
  if (serious.length) console.log(`axe (${name}):`, JSON.stringify(serious, null, 2));
  expect(serious).toEqual([]);
}

async function api<T>(method: 'GET' | 'POST', route: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

let seq = 0;
function idNumber(region: string, birth: string): string {
  seq += 1;
  return makeIdNumber(region, birth, String((Date.now() + seq * 7) % 1000).padStart(3, '0'));
}

async function fileReport(streetCode: string, name: string, situation: Record<string, unknown> = {}, birth = '19480312'): Promise<string> {
  const res = await api<{ caseId: string }>('POST', '/api/v1/reports', await p.tokenFor('hotline', '440100'), {
    channel: 'hotline',
    subject: { idNumber: idNumber(streetCode.slice(0, 6), birth), name, streetCode, address: '三元里大道 18 号' },
    situation: { summary: '独居老人，行动不便，无固定收入', ...situation },
  });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.caseId;
}

async function act(caseId: string, token: string, action: Record<string, unknown>): Promise<void> {
  const res = await api('POST', `/api/v1/cases/${caseId}/actions`, token, action);
  if (res.status !== 200) throw new Error(`${String(action.type)} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

async function devSignIn(page: Page, userId: string): Promise<void> {
  await page.goto(`${base}/app/`);
  await page.getByTestId('dev-users').waitFor();
  await page.getByPlaceholder('按姓名、辖区或编号筛选').fill(userId);
  await page.locator(`[data-testid="dev-user"][data-user-id="${userId}"]`).click();
  await page.getByTestId('who').waitFor();
}

/** Picks an option of an antd Select found by its form label. */
async function choose(page: Page, fieldLabel: string, option: string): Promise<void> {
  await page.getByLabel(fieldLabel, { exact: true }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
}

async function submitAction(page: Page, type: string): Promise<void> {
  await page.getByTestId(`action-form-${type}`).getByTestId('action-submit').click();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The browser tests drive Debian's Chromium and never download one: ` +
        'install it (apt-get install chromium fonts-wqy-microhei) or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  if (!existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
    // npm install builds it; a checkout that skipped that still gets a tested build.
    const built = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: 'inherit',
        // Jest sets NODE_ENV=test, with which Vite builds a development bundle: no service worker
        // registration (import.meta.env.PROD is false), so the offline test would wait for ever.
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    if (built.status !== 0) throw new Error('vite build of the workbench failed');
  }
  p = await startTestPlatform({
    // A green-channel report must be accepted within 5 s here, so its escalation arrives during the test.
    policyOverrides: { deadlines: { urgent: { accept: '5s', escalationWindow: '1h' } } },
  });
  const app = createApp({
    prisma: p.prisma,
    temporal: p.client,
    config: p.config,
    policy: p.policy,
    pii: p.pii,
    logger: pino({ level: 'silent' }),
    // As npm start on embedded defaults offers it: the sign-in page lists the seeded users.
    devSignIn: true,
    escalationStream: { pollMs: 250, settleMs: 500 },
    rateLimit: { capacity: 500, windowMs: 10_000 },
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 180_000);

afterAll(() => stopBrowserStack({ contexts, browser, server, platform: p }));

describe('the workbench (/app)', () => {
  let caseId: string;
  let smallCaseId: string;
  let warningId: string;
  /** Still open after the warning test: its page has the verification form. */
  let openWarningId: string;

  it('is served with long-lived hashed assets, a revalidated page, deep links, the service worker and a strict CSP', async () => {
    const redirect = await fetch(`${base}/app`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/app/');

    const page = await fetch(`${base}/app/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)![1];
    const js = await fetch(`${base}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);

    const deep = await fetch(`${base}/app/cases/c-anything`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    expect((await fetch(`${base}/app/assets/missing-0000.js`)).status).toBe(404);

    const sw = await fetch(`${base}/app/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('service-worker-allowed')).toBe('/app/');
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    expect(await sw.text()).toContain(asset);

    // Without a build the page says what to run, in Chinese and English.
    const bare = express().use(workbenchRouter({ distDir: path.join(ROOT, 'no-such-dist') }));
    const bareServer = createServer(bare);
    await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/app/`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).toContain('npm run build:web');
      expect(text).toContain('工作台尚未构建');
    } finally {
      await new Promise((r) => bareServer.close(r));
    }
  });

  it('signs a caseworker in with the development sign-in, shows the reported case in 待办 and accepts it', async () => {
    caseId = await fileReport(STREET, '陈伯');
    const { page } = await newPage(1440);
    await page.goto(`${base}/app/`);
    await page.getByTestId('dev-users').waitFor();
    const roles = await page.locator('.dev-group h2').allTextContents();
    expect(roles.join(' ')).toMatch(/社会救助专干.*街道主管.*区级主管.*市级主管/);
    await screenshot(page, 'sign-in-1440');
    await devSignIn(page, `cw-${STREET}`);

    const item = page.locator(`[data-testid="todo-accept-item"][data-case-id="${caseId}"]`);
    await item.waitFor({ timeout: 20_000 });
    await expect(item.textContent()).resolves.toContain('陈伯');
    await waitForText(item, '白云区 三元里街道');
    await expect(item.textContent()).resolves.toContain('12349 热线');
    await expect(page.getByTestId('who').textContent()).resolves.toContain('社会救助专干');
    await screenshot(page, 'todo-1440');
    await axeCheck(page, 'to-do');

    await item.getByRole('link', { name: '受理' }).click();
    await page.getByTestId('action-form-accept').waitFor();
    await waitForText(page.getByTestId('street-name'), '三元里街道');
    await waitForText(page.getByTestId('district-name'), '白云区');
    await submitAction(page, 'accept');
    await page.locator('[data-testid="case-page"][data-stage="verifying"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="timeline-event"][data-type="accept"]').waitFor();
    await expect(page.locator('[data-testid="timeline-event"][data-type="accept"]').textContent()).resolves.toContain('受理（首问负责）');
    // The timeline's times are Guangzhou's (the browser runs on London time): YYYY-MM-DD HH:mm.
    const shown = await page.locator('[data-testid="timeline-event"][data-type="accept"] time').textContent();
    const row = await p.prisma.caseEvent.findFirstOrThrow({ where: { caseId, type: 'accept' } });
    const shanghai = new Date(row.at.getTime() + 8 * 3_600_000).toISOString();
    expect(shown).toBe(`${shanghai.slice(0, 10)} ${shanghai.slice(11, 16)}`);
    expect((await p.prisma.case.findUniqueOrThrow({ where: { caseId } })).stage).toBe('verifying');

    // Record a visit: an empty finding passes the form but the API refuses it, at the field.
    await page.getByTestId('action-record-visit').click();
    const form = page.getByTestId('action-form-record-visit');
    await form.getByLabel('调查情况').fill('   ');
    await submitAction(page, 'record-visit');
    const fieldError = form
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('调查情况') })
      .locator('.ant-form-item-explain-error');
    await fieldError.waitFor({ timeout: 15_000 });
    await expect(fieldError.textContent()).resolves.toContain('不能为空');
    await expect(form.getByTestId('action-error').textContent()).resolves.toContain('请按字段下方的提示修改');
    expect(await p.prisma.caseEvent.count({ where: { caseId, type: 'record-visit' } })).toBe(0);

    await form.getByLabel('调查情况').fill('独居，无固定收入，房屋漏水，需要临时救助');
    await form.getByLabel('家庭人口（人）').fill('1');
    await submitAction(page, 'record-visit');
    await page.locator('[data-testid="timeline-event"][data-type="record-visit"]').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('case-page').textContent()).resolves.toContain('家庭人口 1 人');

    await page.getByTestId('action-complete-verification').click();
    await choose(page, '核查结论', '符合救助条件');
    await submitAction(page, 'complete-verification');
    await page.locator('[data-testid="case-page"][data-stage="deciding"]').waitFor({ timeout: 20_000 });

    // 5,000 CNY is above the street's limit (3,000): the proposal needs the district.
    await page.getByTestId('action-propose-assistance').click();
    await choose(page, '救助类型', '临时救助');
    await page.getByTestId('action-form-propose-assistance').getByLabel('金额（元）').fill('5000');
    await submitAction(page, 'propose-assistance');
    const pending = page.getByTestId('pending-proposal');
    await pending.waitFor({ timeout: 20_000 });
    await expect(pending.textContent()).resolves.toContain('5,000 元');
    await expect(pending.textContent()).resolves.toContain('需区级审批');
    await screenshot(page, 'case-file-1440');
    await axeCheck(page, 'case file');
  });

  it('lets the street supervisor approve within the street limit and shows that 5,000 元 needs the district', async () => {
    const cw = await p.tokenFor('caseworker', STREET);
    smallCaseId = await fileReport(STREET, '李婆婆');
    await act(smallCaseId, cw, { type: 'accept' });
    await act(smallCaseId, cw, { type: 'complete-verification', outcome: 'eligible' });
    await act(smallCaseId, cw, { type: 'propose-assistance', assistanceType: 'temporary', amount: 2000 });

    const { page } = await newPage(1440);
    await devSignIn(page, `ss-${STREET}`);
    const big = page.locator(`[data-testid="todo-approval-item"][data-case-id="${caseId}"]`);
    const small = page.locator(`[data-testid="todo-approval-item"][data-case-id="${smallCaseId}"]`);
    await big.waitFor({ timeout: 20_000 });
    await expect(big.getByTestId('tier-needed').textContent()).resolves.toBe('需区级审批（超出街道审批权限）');
    await expect(big.getByRole('link', { name: '审批' }).count()).resolves.toBe(0);
    await expect(small.textContent()).resolves.toContain('2,000 元');
    await screenshot(page, 'todo-street-supervisor-1440');

    await small.getByRole('link', { name: '审批' }).click();
    await page.getByTestId('action-form-approve-assistance').waitFor();
    await submitAction(page, 'approve-assistance');
    await page.locator('[data-testid="case-page"][data-stage="assisting"]').waitFor({ timeout: 20_000 });

    await page.goto(`${base}/app/cases/${caseId}`);
    await page.getByTestId('tier-needed').waitFor();
    await expect(page.getByTestId('tier-needed').textContent()).resolves.toContain('需区级审批');
    await expect(page.getByTestId('action-approve-assistance').isDisabled()).resolves.toBe(true);
    expect((await p.prisma.case.findUniqueOrThrow({ where: { caseId } })).stage).toBe('deciding');
  });

  it('lets the district officer approve the 5,000 元 proposal and shows an unattended child’s escalation live, apart from the rest', async () => {
    const { page } = await newPage(1440);
    await devSignIn(page, `do-${DISTRICT}`);
    await page.getByTestId('todo-approvals').waitFor();
    await page.locator(`[data-testid="todo-approval-item"][data-case-id="${caseId}"]`).getByRole('link', { name: '审批' }).click();
    await submitAction(page, 'approve-assistance');
    await page.locator('[data-testid="case-page"][data-stage="assisting"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="timeline-event"][data-type="approve-assistance"]').waitFor();

    await page.getByRole('link', { name: '督办' }).click();
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    const child = await fileReport(
      STREET,
      '小明',
      { summary: '8 岁儿童独自在家多日，父母外出务工', urgentFlags: ['minor_unattended'], categories: ['left_behind_child'] },
      '20180305',
    );
    const item = page.locator(`[data-testid="escalation-item"][data-case-id="${child}"]`);
    await item.waitFor({ timeout: 30_000 });
    await expect(item.getAttribute('class')).resolves.toMatch(/case-item-child/);
    await expect(item.getAttribute('class')).resolves.toMatch(/case-item-fresh/);
    await expect(item.getByTestId('child-mark').textContent()).resolves.toContain('未成年人无人照料');
    await expect(item.getByTestId('urgent-mark').textContent()).resolves.toBe('绿色通道');
    await expect(item.textContent()).resolves.toContain('小明');
    await waitForText(item, '白云区 三元里街道');
    await expect(item.textContent()).resolves.toContain('受理时限超时');
    await screenshot(page, 'escalations-1440');

    await page.getByRole('link', { name: '统计' }).click();
    await page.getByTestId('stats-chart').locator('canvas').waitFor({ timeout: 15_000 });
    await waitForText(page.getByTestId('stats-units'), '三元里街道');
    // The street emergency fund (§9): the whole budget is left where nothing was granted.
    await expect(page.getByTestId('supervision-page').textContent()).resolves.toMatch(/临时救助备用金剩余（\d{4} 年）/);
    await expect(page.getByTestId('stats-units').textContent()).resolves.toContain('备用金剩余');
    // 月度统计报表 (§12): this month's new cases by channel as a chart, and the report as a workbook.
    await page.getByTestId('monthly-channels-chart').locator('canvas').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('monthly-figures').textContent()).resolves.toMatch(/新增案件\d+ 件/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-monthly').click()]);
    expect(download.suggestedFilename()).toMatch(/^月度统计报表-\d{4}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    expect(workbook.worksheets.map((w) => w.name)).toContain('专干绩效');
    await screenshot(page, 'supervision-1440');
  });

  it('lets a caseworker find a warning in 待办 and 预警, stops a dismissal without a note, keeps the form on a 503 and opens a case from it', async () => {
    const red = await raiseWarning(p, await registerPerson(p, STREET, '黄伯'), { level: 'red', ruleId: 'disaster_loss' });
    warningId = red.warningId;
    // Yellow and already late (no clock, so no escalation during the test): after the red one all the same.
    const late = await raiseWarning(p, await registerPerson(p, STREET, '罗婆婆'), {
      level: 'yellow',
      raisedAt: new Date(Date.now() - 3 * 86_400_000),
      verifyDueAt: new Date(Date.now() - 86_400_000),
      withoutClock: true,
    });
    openWarningId = late.warningId;
    let verifyPosts = 0;
    const { page } = await newPage(1440);
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/api/v1/warnings/${warningId}/actions`)) verifyPosts += 1;
    });
    await devSignIn(page, `cw-${STREET}`);

    const todo = page.getByTestId('todo-warnings');
    const redItem = todo.locator(`[data-testid="todo-warning-item"][data-warning-id="${warningId}"]`);
    await redItem.waitFor({ timeout: 20_000 });
    const order = await todo.getByTestId('todo-warning-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-warning-id')));
    expect(order.indexOf(warningId)).toBeLessThan(order.indexOf(late.warningId));
    await expect(redItem.getByTestId('warning-level').textContent()).resolves.toBe('红色预警');
    await waitForText(redItem, '三元里街道');
    const lateItem = todo.locator(`[data-testid="todo-warning-item"][data-warning-id="${late.warningId}"]`);
    await expect(lateItem.getByTestId('warning-overdue').textContent()).resolves.toContain('已逾期');

    await page.getByRole('link', { name: '预警', exact: true }).click();
    await page.getByTestId('warning-list-page').waitFor();
    await page.locator(`[data-testid="warning-row"][data-warning-id="${warningId}"]`).waitFor({ timeout: 15_000 });
    // Before a filter is used: antd leaves the closed dropdown's listbox in the page without a name.
    await axeCheck(page, 'warnings');
    await choose(page, '预警级别', '红色预警');
    await page.locator(`[data-testid="warning-row"][data-warning-id="${late.warningId}"]`).waitFor({ state: 'detached' });
    await expect(page.locator('[data-testid="warning-row"]:not([data-level="red"])').count()).resolves.toBe(0);
    await screenshot(page, 'warnings-1440');

    await page.locator(`[data-testid="warning-row"][data-warning-id="${warningId}"]`).getByRole('link').first().click();
    await page.locator(`[data-testid="warning-page"][data-status="open"]`).waitFor();
    await page.getByTestId('verify-form').waitFor();
    await axeCheck(page, 'warning');

    // 核查排除 without a note: stopped at the field, nothing sent.
    await page.getByLabel('核查排除').check();
    await page.getByTestId('verify-submit').click();
    const noteError = page
      .getByTestId('verify-form')
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('核查说明') })
      .locator('.ant-form-item-explain-error');
    await noteError.waitFor();
    await expect(noteError.textContent()).resolves.toContain('须填写核查说明');
    expect(verifyPosts).toBe(0);

    // The first try meets a 503: the form keeps what was typed, and the second try sends the same Idempotency-Key.
    const keys: (string | undefined)[] = [];
    const actionsUrl = `${base}/api/v1/warnings/${warningId}/actions`;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url() === actionsUrl) keys.push(r.headers()['idempotency-key']);
    });
    await page.route(actionsUrl, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
          detail: '',
          requestId: 'r-1',
          errors: [],
        }),
      }),
    );
    await page.getByLabel('立案救助').check();
    await page.getByLabel('核查说明').fill('入户核实，房屋受灾，需要救助');
    await page.getByTestId('verify-submit').click();
    await page.getByTestId('verify-error').waitFor();
    await expect(page.getByTestId('verify-error').textContent()).resolves.toContain('服务暂时不可用');
    await expect(page.getByLabel('核查说明').inputValue()).resolves.toBe('入户核实，房屋受灾，需要救助');
    await expect(page.getByLabel('立案救助').isChecked()).resolves.toBe(true);
    expect((await p.prisma.warning.findUniqueOrThrow({ where: { warningId } })).status).toBe('open');
    await page.unroute(actionsUrl);

    await page.getByTestId('verify-submit').click();
    await page.locator('[data-testid="warning-page"][data-status="verified"]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('verify-result').textContent()).resolves.toContain('立案救助');
    expect(verifyPosts).toBe(2);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    const row = await p.prisma.warning.findUniqueOrThrow({ where: { warningId } });
    expect(row.status).toBe('verified');
    expect(row.caseId).toBeTruthy();
    await expect(page.getByTestId('verify-form').count()).resolves.toBe(0);
    await screenshot(page, 'warning-verified-1440');

    await page.getByTestId('verify-case-link').click();
    await page.locator(`[data-testid="case-page"][data-stage="verifying"]`).waitFor({ timeout: 20_000 });
    expect(page.url()).toContain(`/app/cases/${row.caseId!}`);

    await page.goto(`${base}/app/warnings?status=verified`);
    await page.locator(`[data-testid="warning-row"][data-warning-id="${warningId}"][data-status="verified"]`).waitFor({ timeout: 15_000 });
    await expect(
      page.locator(`[data-testid="warning-row"][data-warning-id="${warningId}"]`).getByTestId('warning-status').textContent(),
    ).resolves.toBe('已核查');
  });

  it('queues two reports filed offline by a grid worker and sends each exactly once when the network returns', async () => {
    const { page, context } = await newPage(390, { timezoneId: 'Asia/Shanghai' });
    const token = await p.tokenFor('reporter', REPORT_STREET);
    let reportPosts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/reports')) reportPosts += 1;
    });
    await page.goto(`${base}/app/#token=${token}`);
    await page.getByTestId('report-page').waitFor();
    expect(page.url()).not.toContain('token=');
    await axeCheck(page, 'report form');
    // The service worker must control the page before the network goes, so the page opens offline.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    expect(await p.prisma.case.count({ where: { streetCode: REPORT_STREET } })).toBe(0);

    await context.setOffline(true);
    await page.locator('[data-testid="net-status"]', { hasText: '离线' }).waitFor();

    // A mistyped ID number is stopped before anything is sent or queued.
    const good = idNumber(DISTRICT, '19560101');
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    await page.getByLabel('姓名', { exact: true }).fill('王伯');
    await page.getByLabel('身份证号').fill(bad);
    await page.getByLabel('情况描述').fill('独居老人，近日无人照看');
    await page.getByTestId('report-submit').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '校验位' }).waitFor();
    await expect(page.getByTestId('outbox-count').textContent()).resolves.toBe('0');

    await page.getByLabel('身份证号').fill(good);
    await page.getByTestId('report-submit').click();
    await page.locator('[data-testid="outbox-count"]', { hasText: '1' }).waitFor();
    await page.getByLabel('姓名', { exact: true }).fill('何婆婆');
    await page.getByLabel('身份证号').fill(idNumber(DISTRICT, '19500606'));
    await page.getByLabel('情况描述').fill('卧病在床，子女不在身边');
    await page.getByTestId('report-submit').click();
    await page.locator('[data-testid="outbox-count"]', { hasText: '2' }).waitFor();
    await expect(page.getByTestId('outbox-item').count()).resolves.toBe(2);

    // Still offline, the page opens again from the service worker's cache, queue and all.
    await page.reload();
    await page.getByTestId('report-page').waitFor();
    await page.locator('[data-testid="outbox-count"]', { hasText: '2' }).waitFor();
    await screenshot(page, 'report-offline-390');
    await expectNoHorizontalScroll(page);
    expect(await p.prisma.case.count({ where: { streetCode: REPORT_STREET } })).toBe(0);

    await context.setOffline(false);
    await page.locator('[data-testid="outbox-count"]', { hasText: '0' }).waitFor({ timeout: 30_000 });
    await eventually(async () => ((await p.prisma.case.count({ where: { streetCode: REPORT_STREET } })) === 2 ? true : undefined), 15_000);
    // Sent once each: more retries would have changed nothing, and none happened after the queue emptied.
    await page.waitForTimeout(1500);
    expect(await p.prisma.case.count({ where: { streetCode: REPORT_STREET } })).toBe(2);
    expect(reportPosts).toBeGreaterThanOrEqual(2);
    await page.getByTestId('sent-list').waitFor();
    await screenshot(page, 'report-sent-390');
  });

  it('fits a 390 px phone without horizontal scrolling, header included, on every page', async () => {
    const { page } = await newPage(390);
    await page.goto(`${base}/app/`);
    await page.getByTestId('dev-users').waitFor();
    await screenshot(page, 'sign-in-390');
    await expectNoHorizontalScroll(page);

    await page.goto(`${base}/app/#token=${await p.tokenFor('caseworker', STREET)}`);
    await page.getByTestId('todo-page').waitFor();
    await page.getByTestId('todo-deadlines').locator('.ant-skeleton').waitFor({ state: 'detached' });
    // The header keeps whole words: the title and every navigation label on one line each.
    const heights = await page.evaluate(() =>
      ['.brand-title', ...Array.from(document.querySelectorAll('.nav-link'), (_, i) => `.nav-link:nth-child(${i + 1})`)].map((s) => {
        const el = document.querySelector(s) as HTMLElement;
        return { s, h: el.getBoundingClientRect().height, lh: parseFloat(getComputedStyle(el).lineHeight) || 22 };
      }),
    );
    for (const h of heights) expect(h.h).toBeLessThan(h.lh * 2 + 20);
    await screenshot(page, 'todo-390');
    await expectNoHorizontalScroll(page);

    await page.goto(`${base}/app/cases/${caseId}`);
    await page.locator('[data-testid="timeline-event"]').first().waitFor();
    await screenshot(page, 'case-file-390');
    await expectNoHorizontalScroll(page);

    await page.goto(`${base}/app/cases`);
    await page.locator('[data-testid="case-row"]').first().waitFor();
    await screenshot(page, 'case-list-390');
    await expectNoHorizontalScroll(page);

    await page.goto(`${base}/app/escalations`);
    await page.getByTestId('escalations-page').waitFor();
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'escalations-390');
    await expectNoHorizontalScroll(page);

    await page.goto(`${base}/app/warnings`);
    await page.locator('[data-testid="warning-row"]').first().waitFor();
    await screenshot(page, 'warnings-390');
    await expectNoHorizontalScroll(page);

    await page.goto(`${base}/app/warnings/${openWarningId}`);
    await page.getByTestId('verify-form').waitFor();
    await screenshot(page, 'warning-390');
    await expectNoHorizontalScroll(page);

    await page.goto(`${base}/app/supervision`);
    await page.getByTestId('stats-chart').locator('canvas').waitFor({ timeout: 15_000 });
    await screenshot(page, 'supervision-390');
    await expectNoHorizontalScroll(page);

    const wide = await newPage(1440);
    await wide.page.goto(`${base}/app/#token=${await p.tokenFor('district_officer', DISTRICT)}`);
    await wide.page.getByTestId('todo-page').waitFor();
    await wide.page.goto(`${base}/app/cases?districtCode=${DISTRICT}`);
    await wide.page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`).waitFor();
    await screenshot(wide.page, 'case-list-1440');
  });

  it('ran without script errors or Content-Security-Policy violations', () => {
    expect(pageErrors).toEqual([]);
  });
});

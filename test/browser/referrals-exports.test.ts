// Browser tests of the workbench's 转介 (§10) and 台账 (§12) screens in Debian's Chromium, against a real
// HTTP server of the app over the real stack: a street caseworker's case is referred to an
// organisation's project; the organisation signs in with `#token=`, lands on exactly its referral with no
// case link and no other screen, answers it with a delivered amount the API refuses (shown at the field),
// meets a 503 that keeps the form and resends with the same Idempotency-Key, and completes it; the staff
// 转介 list shows the new status; 台账 downloads the cases ledger as CSV (UTF-8 BOM, Chinese headers, ID
// numbers masked) and XLSX (a zip), shows the API's 403 for unmasked ID numbers asked by a caseworker in
// Chinese, and offers full ID numbers to a district officer only. axe-core on each page, and each at
// 390 px without horizontal scrolling.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { createApp } from '../../api/app';
import { makeIdNumber } from '../../domain/ids';
import { shanghaiToday } from '../../domain/organisations';
import { CHROMIUM, documentScrollWidth, launchChromium, seriousAxeViolations, stopBrowserStack, waitForText } from '../support/browser';
import { startTestPlatform, type TestPlatform } from '../support/harness';

const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'referrals-exports');
// Huadu's 狮岭镇 (440114005) belongs to this file.
const DISTRICT = '440114';
const STREET = '440114005';
const RUN = Date.now().toString(36);
const ORG = `org-ref-ui-${RUN}`;
const ORG_NAME = `花都区助老志愿服务队-${RUN}`;
const PROJECT_NAME = `狮岭镇助医项目-${RUN}`;

let p: TestPlatform;
let server: Server;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function newPage(width: 1440 | 390): Promise<Page> {
  const context = await browser.newContext({
    viewport: width === 390 ? { width: 390, height: 844 } : { width: 1440, height: 1000 },
    locale: 'zh-CN',
    timezoneId: 'Europe/London',
    acceptDownloads: true,
    ...(width === 390 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) pageErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return page;
}

type SignInRole = 'caseworker' | 'district_officer' | 'organisation';
async function signIn(page: Page, role: SignInRole, code: string, at = '/'): Promise<void> {
  await page.goto(`${base}/app${at}#token=${await p.tokenFor(role, code)}`);
  await page.getByTestId('who').waitFor();
}

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function axeCheck(page: Page, name: string): Promise<void> {
  const serious = await seriousAxeViolations(page);
  if (serious.length) console.log(`axe (${name}):`, JSON.stringify(serious, null, 2));
  expect(serious).toEqual([]);
}

/** The page at a phone's width: nothing pushes it wider than the screen. */
async function atPhoneWidth(role: SignInRole, code: string, url: string, ready: (page: Page) => Promise<unknown>, name: string) {
  const page = await newPage(390);
  await signIn(page, role, code, url);
  await ready(page);
  await screenshot(page, `${name}-390`);
  expect(await documentScrollWidth(page)).toBeLessThanOrEqual(390);
}

/** Picks an option of an antd Select found by its form label. */
async function choose(page: Page, fieldLabel: string, option: string, scope: Page | ReturnType<Page['locator']> = page): Promise<void> {
  await scope.getByLabel(fieldLabel, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

async function api<T>(method: 'GET' | 'POST', route: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function ok<T>(res: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), click()]);
  return { download, bytes: await readFile(await download.path()) };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium fonts-wqy-microhei)`);
  if (!existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) throw new Error('the workbench is not built: npm run build:web');
  p = await startTestPlatform();
  const app = createApp({
    prisma: p.prisma,
    temporal: p.client,
    config: p.config,
    policy: p.policy,
    pii: p.pii,
    logger: pino({ level: 'silent' }),
    devSignIn: true,
    rateLimit: { capacity: 500, windowMs: 10_000 },
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 180_000);

afterAll(() => stopBrowserStack({ contexts, browser, server, platform: p }));

describe('转介 and 台账 in the workbench', () => {
  let caseId: string;
  let referralId: string;
  let idNumber: string;

  beforeAll(async () => {
    // The organisation, its project and a case of STREET referred to it, set up through the API.
    const officer = await p.tokenFor('district_officer', DISTRICT);
    await ok(
      api('POST', '/api/v1/organisations', officer, {
        organisationId: ORG,
        name: ORG_NAME,
        kind: 'volunteer_team',
        services: ['medical'],
        districts: [DISTRICT],
        contact: { name: '黄队长', phone: '13912345678' },
      }),
      201,
    );
    const project = await ok(
      api<{ projectId: string }>('POST', `/api/v1/organisations/${ORG}/projects`, officer, {
        name: PROJECT_NAME,
        services: ['medical'],
        budget: 20000,
        startsAt: shanghaiToday(new Date()),
      }),
      201,
    );
    idNumber = makeIdNumber(DISTRICT, '19521103', String(Date.now() % 1000).padStart(3, '0'));
    const reported = await ok(
      api<{ caseId: string }>('POST', '/api/v1/reports', await p.tokenFor('hotline', '440100'), {
        channel: 'hotline',
        subject: { idNumber, name: '梁婆婆', streetCode: STREET, address: '狮岭镇旗岭村 8 号' },
        situation: { summary: '独居老人，需要陪诊和住院押金' },
      }),
      201,
    );
    caseId = reported.caseId;
    const cw = await p.tokenFor('caseworker', STREET);
    const act = (action: Record<string, unknown>) => ok(api('POST', `/api/v1/cases/${caseId}/actions`, cw, action));
    await act({ type: 'accept' });
    await act({ type: 'complete-verification', outcome: 'eligible' });
    await act({ type: 'refer-to-charity', organisationId: ORG, projectId: project.projectId, needs: ['陪诊', '住院押金'] });
    const listed = await ok(api<{ items: { referralId: string; caseId: string }[] }>('GET', `/api/v1/referrals?organisationId=${ORG}`, cw));
    expect(listed.items).toHaveLength(1);
    referralId = listed.items[0].referralId;
  }, 120_000);

  it('lands the organisation on exactly its referral, with no case link and no other screen, and takes its answer through a field error and a 503', async () => {
    const page = await newPage(1440);
    await signIn(page, 'organisation', ORG);
    // The token left the address bar at once.
    expect(page.url()).not.toContain('token=');
    const list = page.locator('[data-testid="referrals-page"][data-organisation="true"]');
    await list.waitFor();
    const row = page.locator(`[data-testid="referral-row"][data-referral-id="${referralId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('referral-row').count()).resolves.toBe(1);
    await expect(row.getByTestId('referral-status').textContent()).resolves.toBe('待回复');
    await expect(row.textContent()).resolves.toContain('陪诊、住院押金');
    await waitForText(row, '花都区 狮岭镇');
    // No case link, no case id, nothing but 转介 in the navigation (and sign-out).
    await expect(page.locator('a[href*="/app/cases"]').count()).resolves.toBe(0);
    await expect(row.textContent()).resolves.not.toContain(caseId);
    await expect(page.locator('nav[aria-label="主导航"] a').allTextContents()).resolves.toEqual(['转介']);
    await page.getByTestId('sign-out').waitFor();
    await page.goto(`${base}/app/report`);
    await page.getByText('页面不存在', { exact: true }).waitFor();
    await page.goto(`${base}/app/cases/${caseId}`);
    await page.getByText('页面不存在', { exact: true }).waitFor();
    await page.goto(`${base}/app/`);
    await row.waitFor({ timeout: 15_000 });
    await axeCheck(page, 'organisation referrals');
    await screenshot(page, 'organisation-referrals-1440');

    // Completed with 0 元 delivered: the API refuses the amount, said at the field.
    const form = row.getByTestId('answer-form');
    await choose(page, '回复', '已完成帮扶', form);
    await form.getByLabel('帮扶金额（元）').fill('0');
    await form.getByLabel('备注').fill('已陪同就诊');
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/response')) keys.push(r.headers()['idempotency-key'] ?? '');
    });
    await form.getByTestId('answer-submit').click();
    const amountError = form
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('帮扶金额（元）') })
      .locator('.ant-form-item-explain-error');
    await amountError.waitFor({ timeout: 15_000 });
    await expect(amountError.textContent()).resolves.toBe('必须大于 0');
    await expect(form.getByTestId('answer-error').textContent()).resolves.toContain('请按字段下方的提示修改');
    await axeCheck(page, 'answer form with a field error');
    await screenshot(page, 'organisation-answer-error-1440');

    // Fixed, the first send meets a 503: the form keeps what was typed and says why; the resend has the same key.
    await form.getByLabel('帮扶金额（元）').fill('1500');
    const route = `${base}/api/v1/referrals/${encodeURIComponent(referralId)}/response`;
    await page.route(route, (r) =>
      r.fulfill({
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
    await form.getByTestId('answer-submit').click();
    await expect(form.getByTestId('answer-error').textContent()).resolves.toContain('服务暂时不可用');
    await expect(form.getByLabel('帮扶金额（元）').inputValue()).resolves.toBe('1,500');
    await expect(form.getByLabel('备注').inputValue()).resolves.toBe('已陪同就诊');
    await page.unroute(route);
    await form.getByTestId('answer-submit').click();
    await page
      .locator(`[data-testid="referral-row"][data-referral-id="${referralId}"][data-status="completed"]`)
      .waitFor({ timeout: 20_000 });
    await expect(row.getByTestId('referral-status').textContent()).resolves.toBe('已完成');
    await expect(row.getByTestId('referral-delivered').textContent()).resolves.toBe('1,500 元');
    await expect(row.getByTestId('answer-form').count()).resolves.toBe(0);
    expect(keys).toHaveLength(3);
    expect(keys[2]).toBe(keys[1]);
    expect(keys[1]).not.toBe(keys[0]);
    // Applied once: the project's remaining went down by the amount, not twice.
    const projects = await ok(
      api<{ items: { name: string; remaining: number }[] }>(
        'GET',
        `/api/v1/organisations/${ORG}/projects`,
        await p.tokenFor('district_officer', DISTRICT),
      ),
    );
    expect(projects.items.find((x) => x.name === PROJECT_NAME)?.remaining).toBe(18500);
    await atPhoneWidth(
      'organisation',
      ORG,
      '/',
      (pg) => pg.getByTestId('referral-row').first().waitFor({ timeout: 15_000 }),
      'organisation-referrals',
    );
  });

  it('shows the staff 转介 list with the new status, the organisation and project by name and a link to the case', async () => {
    const page = await newPage(1440);
    await signIn(page, 'caseworker', STREET);
    await page.getByRole('link', { name: '转介', exact: true }).click();
    await page.locator('[data-testid="referrals-page"][data-organisation="false"]').waitFor();
    await choose(page, '慈善组织', ORG_NAME);
    await page.waitForURL(/organisationId=/);
    const row = page.locator(`[data-testid="referral-row"][data-referral-id="${referralId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('referral-row').count()).resolves.toBe(1);
    await expect(row.getByTestId('referral-status').textContent()).resolves.toBe('已完成');
    await expect(row.getByTestId('referral-organisation').textContent()).resolves.toBe(ORG_NAME);
    await expect(row.getByTestId('referral-project').textContent()).resolves.toBe(PROJECT_NAME);
    await expect(row.getByTestId('referral-delivered').textContent()).resolves.toBe('1,500 元');
    // Staff do not answer here (a phone answer is a case action); no form.
    await expect(row.getByTestId('answer-form').count()).resolves.toBe(0);
    // The status filter: a completed referral is not among the pending ones.
    await choose(page, '状态', '待回复');
    await row.waitFor({ state: 'detached', timeout: 15_000 });
    await choose(page, '状态', '已完成');
    await row.waitFor({ timeout: 15_000 });
    // The filters live in the address: a reload shows the same list. (axe after it: antd leaves a closed
    // dropdown's listbox without a name in the page for a moment.)
    expect(new URL(page.url()).searchParams.get('status')).toBe('completed');
    await page.reload();
    await row.waitFor({ timeout: 15_000 });
    await axeCheck(page, 'staff referrals');
    await screenshot(page, 'staff-referrals-1440');
    await row.getByTestId('referral-case').click();
    await page.locator(`[data-testid="case-page"][data-case-id="${caseId}"]`).waitFor({ timeout: 15_000 });
    await atPhoneWidth(
      'caseworker',
      STREET,
      `/referrals?organisationId=${ORG}`,
      (pg) => pg.locator(`[data-testid="referral-row"][data-referral-id="${referralId}"]`).waitFor({ timeout: 15_000 }),
      'staff-referrals',
    );
  });

  it('downloads the cases ledger as CSV and XLSX for a caseworker, masked, and says the API’s 403 for full ID numbers in Chinese', async () => {
    const page = await newPage(1440);
    await signIn(page, 'caseworker', STREET);
    await page.getByRole('link', { name: '台账', exact: true }).click();
    const form = page.getByTestId('ledger-form');
    await form.waitFor();
    await expect(page.getByTestId('ledger-unmasked').count()).resolves.toBe(0);
    await page.getByTestId('monthly-report').waitFor();
    await axeCheck(page, 'exports');
    await screenshot(page, 'exports-1440');

    const csv = await downloaded(page, () => form.getByTestId('ledger-download').click());
    expect(csv.download.suggestedFilename()).toMatch(/^案件台账-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.subarray(3).toString('utf8');
    expect(text.split(/\r?\n/)[0]).toMatch(/^案件编号,姓名,身份证号,区,街道/);
    expect(text).toContain(caseId);
    expect(text).not.toContain(idNumber);

    await form.getByText('Excel（XLSX）').click();
    const xlsx = await downloaded(page, () => form.getByTestId('ledger-download').click());
    expect(xlsx.download.suggestedFilename()).toMatch(/^案件台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    // Asked of the API anyway (the page offers no such box to a caseworker): its 403, in Chinese.
    await page.route(`${base}/api/v1/exports/**`, (r) => r.continue({ url: `${r.request().url()}&unmasked=true` }));
    await form.getByTestId('ledger-download').click();
    await expect(form.getByTestId('ledger-error').textContent()).resolves.toBe('您的岗位无权办理此事项。');
    await page.unroute(`${base}/api/v1/exports/**`);
    await atPhoneWidth('caseworker', STREET, '/exports', (pg) => pg.getByTestId('monthly-report').waitFor(), 'exports');
  });

  it('offers a district officer full ID numbers, with the district’s streets to choose from', async () => {
    const page = await newPage(1440);
    await signIn(page, 'district_officer', DISTRICT, '/exports');
    const form = page.getByTestId('ledger-form');
    await form.waitFor();
    await choose(page, '街道（镇）', '狮岭镇', form);
    await form.getByTestId('ledger-unmasked').check();
    const csv = await downloaded(page, () => form.getByTestId('ledger-download').click());
    const text = csv.bytes.subarray(3).toString('utf8');
    expect(text).toContain(idNumber);
    expect(text).toContain(caseId);
    await axeCheck(page, 'exports for a district officer');
    await screenshot(page, 'exports-district-1440');
  });

  it('ran without script errors or Content-Security-Policy violations', () => {
    expect(pageErrors).toEqual([]);
  });
});

// Debian's Chromium for the browser tests (playwright-core, never a downloaded browser), launched with
// the flags this closed network needs, the teardown the browser test files share, and their axe and width checks.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { TestPlatform } from './harness';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps trying hosts this machine cannot reach. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      '--disable-quic',
    ],
  });
}

/** Closes the pages' contexts, the browser, the HTTP server and the platform, in that order. */
export async function stopBrowserStack(parts: {
  contexts: BrowserContext[];
  browser?: Browser;
  server?: Server;
  platform?: TestPlatform;
}): Promise<void> {
  for (const c of parts.contexts) await c.close().catch(() => undefined);
  await parts.browser?.close();
  if (parts.server) {
    parts.server.closeAllConnections();
    await new Promise((r) => parts.server!.close(r));
  }
  await parts.platform?.stop();
}

const AXE = path.join(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

/** axe-core's serious and critical violations on the page, evaluated through DevTools (the page's CSP does not govern it). */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  await page.evaluate(readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The page's full width: at most the viewport's when nothing pushes it wider. */
export function documentScrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/**
 * Waits until the element's text contains `text`. Place names arrive with the jurisdiction directory,
 * a request of its own, and until then the workbench shows the code: reading the text once races it.
 */
export async function waitForText(locator: Locator, text: string, timeout = 15_000): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ timeout });
}

// Debian's Chromium for the browser tests (playwright-core, never a downloaded browser), launched with
// the flags this closed network needs, and the teardown both browser test files share.
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
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

/**
 * What a screen of the web app costs to load from a cold cache in a real Chromium: the bytes
 * that crossed the wire (compressed, as the server sent them) per kind of resource, until the
 * screen's heading is shown. The browser test holds the member's form to its budget; the
 * benchmark prints every screen.
 */
import type { Browser, Request } from 'playwright-core';
import { newContext } from './browser.js';

export interface ScreenToWeigh {
  readonly name: string;
  /** Demo user to be signed in as (a session is put in place before the page loads). */
  readonly username?: string;
  /** Hash path, e.g. `/report`. */
  readonly path: string;
  readonly phone?: boolean;
}

export interface ScreenWeight {
  readonly name: string;
  /** Compressed bytes on the wire, by kind. */
  readonly script: number;
  readonly stylesheet: number;
  readonly document: number;
  readonly api: number;
  readonly total: number;
  /** Every script file loaded (path → compressed bytes). */
  readonly scripts: ReadonlyMap<string, number>;
}

export async function weighScreen(
  browser: Browser,
  baseUrl: string,
  screen: ScreenToWeigh,
  token?: string,
): Promise<ScreenWeight> {
  const context = await newContext(browser, { baseUrl, phone: screen.phone ?? false, locale: 'ar' });
  try {
    if (token !== undefined) {
      const session = JSON.stringify({ token, expiresAt: Date.now() + 3_000_000 });
      await context.addInitScript(`sessionStorage.setItem('jisr.session', ${JSON.stringify(session)});`);
    }
    const page = await context.newPage();
    const finished: Request[] = [];
    page.on('requestfinished', (request) => finished.push(request));
    await page.goto(`/#${screen.path}`);
    await page.locator('main #page-title').waitFor();
    await page.waitForLoadState('networkidle');
    const weight = { script: 0, stylesheet: 0, document: 0, api: 0 };
    const scripts = new Map<string, number>();
    for (const request of finished) {
      const { responseBodySize } = await request.sizes();
      const path = new URL(request.url()).pathname;
      const kind = request.resourceType();
      if (kind === 'script') {
        weight.script += responseBodySize;
        scripts.set(path, responseBodySize);
      } else if (kind === 'stylesheet') weight.stylesheet += responseBodySize;
      else if (kind === 'document') weight.document += responseBodySize;
      else weight.api += responseBodySize;
    }
    return {
      name: screen.name,
      ...weight,
      total: weight.script + weight.stylesheet + weight.document + weight.api,
      scripts,
    };
  } finally {
    await context.close();
  }
}

/** The budget issue 7 sets for the council member's form: compressed JavaScript. */
export const MEMBER_FORM_SCRIPT_BUDGET_BYTES = 150 * 1024;

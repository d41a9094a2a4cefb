/** Helpers shared by the H5 e2e tests: a phone page signed in as a demo identity, visible-only locators, polling. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootProduct, freePort, json, launchChromium, newPhoneContext, requireBuild, type BootedProduct } from './product';

export const UI_TIMEOUT = 20_000;

/** A console error that is a caught exception rather than a failed request's report. */
const LOGGED_ERROR = /^(NotFoundError|HierarchyRequestError|TypeError|ReferenceError|RangeError|SyntaxError)\b/;

/**
 * A new phone-sized page signed in as `openid`: the H5 demo logs in as the
 * identity chosen in storage (Taro stores {"data": value}). It is set before
 * any app script runs, once per tab, so no login as a brand-new shopper races it.
 */
export async function pageAs(browser: Browser, contexts: BrowserContext[], pageErrors: string[], base: string, openid: string, hash: string): Promise<Page> {
  const context = await newPhoneContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}`));
  // The server's Content-Security-Policy must let the app (and the payment overlay's frame) run untouched.
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) pageErrors.push(`CSP: ${msg.text()} @ ${msg.location().url}`);
    // DOM and script errors that a component caught and only logged (e.g. Taro's web components) count too.
    else if (msg.type() === 'error' && LOGGED_ERROR.test(msg.text())) pageErrors.push(`console: ${msg.text()}`);
  });
  await context.addInitScript((id) => {
    if (sessionStorage.getItem('e2e-identity') === id) return;
    localStorage.clear();
    localStorage.setItem('hc.demoOpenid', JSON.stringify({ data: id }));
    sessionStorage.setItem('e2e-identity', id);
  }, openid);
  await page.goto(`${base}/${hash}`);
  return page;
}

/** Hidden pages stay in the DOM: only ever look at visible elements. */
export function visible(page: Page, selector: string) {
  return page.locator(selector).filter({ visible: true }).first();
}

/**
 * The visible element, once it is not disabled. Taro's H5 <Button> is a custom element, whose `disabled` Playwright's
 * actionability checks do not know: a click on a greyed 确认支付 (quote still refreshing) was a tap that did nothing.
 */
export function enabled(page: Page, selector: string) {
  // React leaves disabled="false" on an enabled one
  return page.locator(`${selector}:is(:not([disabled]), [disabled="false"])`).filter({ visible: true }).first();
}

/** Poll the visible element's text until `ok` holds. */
export async function textOf(page: Page, selector: string, ok: (t: string) => boolean): Promise<string> {
  const deadline = Date.now() + UI_TIMEOUT;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await visible(page, selector).textContent({ timeout: 1000 }).catch(() => '')) ?? '').trim();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${selector}: unexpected text ${JSON.stringify(last)}`);
}

/**
 * One booted product (fresh data dir, free port) and one Chromium for a test
 * file, with teardown. Call at the top level of the file.
 */
export function useProduct(label: string) {
  const ctx = {
    base: '',
    pageErrors: [] as string[],
    server: null as BootedProduct | null,
    browser: null as Browser | null,
    contexts: [] as BrowserContext[],
    dataDir: '',
    /** A page signed in as the demo identity `openid`, opened at `hash`. */
    open(openid: string, hash: string): Promise<Page> {
      return pageAs(ctx.browser!, ctx.contexts, ctx.pageErrors, ctx.base, openid, hash);
    },
    /** Move the server's clock forward (its jobs run on the next poll). */
    travel(ms: number): void {
      ctx.server!.clock.travel(ms);
    },
    /** An API access token for `openid`, through the WeChat simulator's login. */
    async tokenFor(openid: string): Promise<string> {
      const code = await json<{ code: string }>(ctx.base, 'POST', '/sim/wx/control/login-code', { body: { openid } });
      const session = await json<{ accessToken: string }>(ctx.base, 'POST', '/api/auth/login', { body: { code: code.body.code } });
      return session.body.accessToken;
    },
  };
  beforeAll(async () => {
    requireBuild('h5');
    ctx.dataDir = mkdtempSync(path.join(os.tmpdir(), `homeclub-e2e-${label}-`));
    const port = await freePort();
    ctx.base = `http://127.0.0.1:${port}`;
    [ctx.server, ctx.browser] = await Promise.all([bootProduct(ctx.dataDir, port), launchChromium()]);
  });
  afterAll(async () => {
    for (const c of ctx.contexts) await c.close().catch(() => undefined);
    await ctx.browser?.close().catch(() => undefined);
    await ctx.server?.stop().catch(() => undefined);
    if (ctx.dataDir) rmSync(ctx.dataDir, { recursive: true, force: true });
  });
  return ctx;
}

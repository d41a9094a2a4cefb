/** Helpers shared by the H5 e2e tests: a phone page signed in as a demo identity, visible-only locators, polling. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newPhoneContext } from './product';

export const UI_TIMEOUT = 20_000;

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

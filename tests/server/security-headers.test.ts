/**
 * Security headers on every response, a CSP the H5 build passes (its inline
 * script allowed by hash, nothing else inline), the simulator's own policy,
 * and no-store on every API answer.
 */
import { mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { cspFor, inlineScriptHashes } from '../../server/src/platform/http/security';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
const h5 = mkdtempSync(path.join(os.tmpdir(), 'hc-ops-h5-'));
const inline = '!function(n){n.document.documentElement.style.fontSize="20px"}(window);';
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

beforeAll(async () => {
  writeFileSync(path.join(h5, 'index.html'), `<!doctype html><html><head><script>${inline}</script><script defer src="/js/app.js"></script></head><body></body></html>`);
  app = await startTestApp({ env: { MINIAPP_H5_DIR: h5 } });
});
afterAll(async () => {
  await app.close();
  rmSync(h5, { recursive: true, force: true });
});

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `)) ?? '';

test('every response carries nosniff, same-origin framing, a referrer policy and a CSP', async () => {
  for (const [method, p] of [['GET', '/api/health'], ['GET', '/api/me'], ['GET', '/'], ['GET', '/api/nothing-here'], ['POST', '/api/auth/login']] as const) {
    const r = await app.call(method, p, method === 'POST' ? { raw: '{bad', headers: { 'content-type': 'application/json' } } : {});
    expect({ p, nosniff: r.headers.get('x-content-type-options') }).toEqual({ p, nosniff: 'nosniff' });
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'self'");
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(directive(csp, 'script-src')).not.toContain('unsafe-inline');
  }
});

test("the H5 page's CSP allows exactly its inline script by hash, and follows a rebuild", async () => {
  const page = await app.call('GET', '/');
  expect(page.status).toBe(200);
  expect(directive(page.headers.get('content-security-policy')!, 'script-src')).toBe(`script-src 'self' ${sha(inline)}`);
  const rebuilt = 'window.__rebuilt=1;';
  writeFileSync(path.join(h5, 'index.html'), `<!doctype html><html><head><script>${rebuilt}</script></head><body></body></html>`);
  const later = new Date(Date.now() + 5000);
  utimesSync(path.join(h5, 'index.html'), later, later);
  const again = await app.call('GET', '/');
  expect(directive(again.headers.get('content-security-policy')!, 'script-src')).toBe(`script-src 'self' ${sha(rebuilt)}`);
});

test('the simulator pages may run their inline scripts; the app may not', async () => {
  const payer = await fetch(`${app.sim.payUrl}/payer?prepay_id=nope`);
  const simCsp = payer.headers.get('content-security-policy') ?? '';
  expect(directive(simCsp, 'script-src')).toBe("script-src 'self' 'unsafe-inline'");
  expect(directive(simCsp, 'frame-ancestors')).toBe("frame-ancestors 'self'");
  expect(payer.headers.get('x-content-type-options')).toBe('nosniff');
  expect(directive(cspFor('/sim/pay/payer', []), 'script-src')).toBe("script-src 'self'");
  expect(directive(cspFor('/', []), 'script-src')).toBe("script-src 'self'");
  expect(directive(cspFor('/console/', []), 'script-src-attr')).toBe("script-src-attr 'none'");
  expect(inlineScriptHashes('<script src="/a.js"></script><script type="module">x()</script><script></script>')).toEqual([sha('x()')]);
});

test('every API answer is no-store, signed in or not, success or error; static files are not', async () => {
  const s = await app.login();
  const me = await app.call('GET', '/api/me', { token: s.accessToken });
  expect(me.status).toBe(200);
  expect(me.headers.get('cache-control')).toBe('no-store');
  expect((await app.call('GET', '/api/me')).headers.get('cache-control')).toBe('no-store');
  expect((await app.call('GET', '/api/member/card', { token: s.accessToken })).headers.get('cache-control')).toBe('no-store');
  expect((await app.call('GET', '/pos/v1/redemptions/x')).headers.get('cache-control')).toBe('no-store');
  expect((await app.call('GET', '/')).headers.get('cache-control')).not.toBe('no-store');
});

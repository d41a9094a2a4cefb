/**
 * The module boundary is enforced by lint (eslint.config.mjs): a domain that
 * imports another domain's model fails, seed/ and cli/ are the declared
 * exception. Runs the real ESLint on fixture sources placed at real paths.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Lints each fixture at its path with the project's config, in one ESLint process (Node API, outside jest's module system). */
function lintAll(fixtures: [string, string][]): { ruleId: string | null; message: string; severity: number }[][] {
  const script = `
    const { ESLint } = require('eslint');
    const fixtures = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const [filePath, code] of fixtures) out.push((await eslint.lintText(code, { filePath }))[0].messages);
      process.stdout.write(JSON.stringify(out));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, input: JSON.stringify(fixtures), encoding: 'utf8' }));
}

const refused: [string, string][] = [
  ['server/src/booking/x.ts', "import { memberModel } from '../members/model';\nexport const m = memberModel;\n"],
  ['server/src/booking/x.ts', "import type { MemberDoc } from '../members/model';\nexport type M = MemberDoc;\n"],
  ['server/src/referrals/x.ts', "import { campaignModels } from '../insight/campaign-model';\nexport const c = campaignModels;\n"],
  ['server/src/guides/sub/x.ts', "import { orderModel } from '../../orders/model';\nexport const o = orderModel;\n"],
  ['server/src/services.ts', "import { memberModel } from './members/model';\nexport const m = memberModel;\n"],
];
const allowed: [string, string][] = [
  ['server/src/booking/x.ts', "import { bookingModel } from './model';\nexport const b = bookingModel;\n"],
  ['server/src/booking/x.ts', "import type { MemberDoc } from '../members/service';\nexport type M = MemberDoc;\n"],
  ['server/src/seed/x.ts', "import { memberModel } from '../members/model';\nexport const m = memberModel;\n"],
  ['server/src/cli/x.ts', "import { orderModel } from '../orders/model';\nexport const o = orderModel;\n"],
];
let results: { ruleId: string | null; message: string; severity: number }[][];
beforeAll(() => {
  results = lintAll([...refused, ...allowed]);
}, 120_000);
const boundaryErrors = (i: number) => results[i].filter((m) => m.ruleId === 'no-restricted-imports');

test.each(refused.map(([file], i) => [file, i] as const))('%s: importing another module’s model fails lint (%#)', (_file, i) => {
  const errors = boundaryErrors(i);
  expect(errors).toHaveLength(1);
  expect(errors[0].message).toContain("call that module's service");
});

test.each(allowed.map(([file], i) => [file, refused.length + i] as const))('%s: its own model, a service, or tooling (seed/, cli/) passes (%#)', (_file, i) => {
  expect(results[i].filter((m) => m.severity === 2)).toEqual([]);
});

test('no file in server/src is over 300 lines (the WeChat simulator is moving out to server/simulator)', () => {
  const long: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) {
        if (path.relative(root, p) !== path.join('server', 'src', 'wechat', 'simulator')) walk(p);
      } else if (/\.tsx?$/.test(name) && readFileSync(p, 'utf8').split('\n').length > 301) long.push(path.relative(root, p));
    }
  };
  walk(path.join(root, 'server', 'src'));
  expect(long).toEqual([]);
});

test('a coupon\'s state is written only by coupons/lifecycle.ts (other coupon files insert coupons, never $set a state)', () => {
  const dir = path.join(root, 'server', 'src', 'coupons');
  const writers = readdirSync(dir).filter((f) => f !== 'lifecycle.ts' && /\$set:\s*\{[^}]*\bstate\s*:/.test(readFileSync(path.join(dir, f), 'utf8')));
  expect(writers).toEqual([]);
  expect(readFileSync(path.join(dir, 'lifecycle.ts'), 'utf8')).toMatch(/\$set:\s*\{[^}]*\bstate\s*:/); // the pattern does find a state write
});

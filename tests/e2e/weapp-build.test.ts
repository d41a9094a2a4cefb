/**
 * The weapp build (miniapp/dist/weapp) is a real WeChat mini-program:
 * app.json with the 5 tab pages in the main package and the member, order,
 * booking, referral and staff subpackages, every page's files present and
 * syntactically valid, the package budget (main ≤ 400 KB, each subpackage
 * ≤ 1 MB, computed from the build's files), and none of the H5 demo's simulator code (the H5 build, which does
 * contain it, is checked too so the search is known to work).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { H5_DIR, WEAPP_DIR, requireBuild } from './support/product';

jest.setTimeout(60_000);

const TAB_PAGES = ['pages/index/index', 'pages/coupons/index', 'pages/booking/index', 'pages/member/index', 'pages/mine/index'];
const TAB_TEXTS = ['首页', '领券', '预约', '会员', '我的'];
/** Subpackages in app.json order: root → pages. */
const SUBPACKAGES: { root: string; name: string; pages: string[] }[] = [
  { root: 'pages-member', name: 'member', pages: ['points/index', 'my-coupons/index', 'coupon-detail/index'] },
  { root: 'pages-order', name: 'order', pages: ['pay/index', 'order/index', 'orders/index'] },
  {
    root: 'pages-booking',
    name: 'booking',
    pages: ['store/index', 'booking-new/index', 'booking-detail/index', 'bookings/index'],
  },
  { root: 'pages-referral', name: 'referral', pages: ['invite/index'] },
  { root: 'pages-misc', name: 'misc', pages: ['not-found/index'] },
  {
    root: 'pages-staff',
    name: 'staff',
    pages: [
      'home/index',
      'member-code/index',
      'coupon-verify/index',
      'till/index',
      'orders/index',
      'order/index',
      'bookings/index',
      'lead/index',
      'console-login/index',
      'guide-home/index',
      'guide-customer/index',
      'guide-share/index',
    ],
  },
];
/** Package budget (issue 18): the main package ≤ 400 KB, each subpackage ≤ 1 MB (WeChat's own limit is 2 MB each). */
const MAIN_PACKAGE_LIMIT = 400 * 1024;
const SUBPACKAGE_LIMIT = 1024 * 1024;
const TAB_ICON_LIMIT = 40 * 1024; // WeChat refuses tab bar icons over 40 KB

/** Simulator / demo-only code that must never reach the weapp bundle. */
const SIMULATOR_MARKERS = [
  'sim/wx',
  'control/login-code',
  'control/phone-code',
  '/login-code',
  '/phone-code',
  'demo-users',
  'hc.demoOpenid',
  '演示：切换顾客',
];
/** Markers the H5 build must contain (the rest are built by string concatenation there). */
const H5_MARKERS = ['sim/wx', '/login-code', '/phone-code', 'demo-users', 'hc.demoOpenid', '演示：切换顾客'];

interface BuildFile {
  rel: string;
  size: number;
  content: Buffer;
}

function walk(dir: string, base = dir): BuildFile[] {
  const out: BuildFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, base));
    else if (entry.isFile()) {
      const content = readFileSync(full);
      out.push({
        rel: path.relative(base, full).split(path.sep).join('/'),
        size: content.length,
        content,
      });
    }
  }
  return out;
}

/** webpack/terser emit non-ASCII as \uXXXX in the weapp JS: search both spellings. */
function spellings(s: string): string[] {
  const escaped = s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped === s ? [s] : [s, escaped, escaped.toUpperCase().replace(/\\U/g, '\\u')];
}

function filesContaining(files: BuildFile[], needle: string): string[] {
  const forms = spellings(needle).map((f) => Buffer.from(f, 'utf8'));
  return files.filter((f) => forms.some((form) => f.content.includes(form))).map((f) => f.rel);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function packageOf(rel: string): string {
  return SUBPACKAGES.find((p) => rel.startsWith(`${p.root}/`))?.root ?? 'main';
}

function inSubpackage(rel: string): boolean {
  return packageOf(rel) !== 'main';
}

/** Bytes per package (main and every subpackage root) from the build's files. */
function packageSizes(all: BuildFile[]): Map<string, number> {
  const sizes = new Map<string, number>([['main', 0], ...SUBPACKAGES.map((p): [string, number] => [p.root, 0])]);
  for (const f of all) sizes.set(packageOf(f.rel), (sizes.get(packageOf(f.rel)) ?? 0) + f.size);
  return sizes;
}

// Sizes for the test names (computed at collection; the tests themselves fail clearly if the build is missing).
const mainSizeLabel = (() => {
  try {
    if (!existsSync(path.join(WEAPP_DIR, 'app.json'))) return 'build missing';
    return kb(packageSizes(walk(WEAPP_DIR)).get('main') ?? 0);
  } catch {
    return 'unknown';
  }
})();

let files: BuildFile[];
let appJson: {
  pages: string[];
  subPackages?: { root: string; name?: string; pages: string[] }[];
  subpackages?: { root: string; name?: string; pages: string[] }[];
  tabBar?: {
    list: {
      pagePath: string;
      text: string;
      iconPath?: string;
      selectedIconPath?: string;
    }[];
  };
};

beforeAll(() => {
  requireBuild('weapp');
  files = walk(WEAPP_DIR);
  appJson = JSON.parse(readFileSync(path.join(WEAPP_DIR, 'app.json'), 'utf8'));
});

describe('weapp build (miniapp/dist/weapp)', () => {
  test('app.json lists only the 5 tab pages in the main package and the member, order, booking, referral, misc and staff subpackages', () => {
    expect(appJson.pages).toEqual(TAB_PAGES);
    expect(appJson.tabBar?.list.map((t) => t.pagePath)).toEqual(TAB_PAGES);
    expect(appJson.tabBar?.list.map((t) => t.text)).toEqual(TAB_TEXTS);

    const subs = appJson.subPackages ?? appJson.subpackages ?? [];
    expect(subs).toEqual(SUBPACKAGES.map((p) => expect.objectContaining(p)));
    // a subpackage root must not hold main-package pages (WeChat rejects that)
    expect(appJson.pages.filter(inSubpackage)).toEqual([]);
  });

  test('every page (main and subpackage) has its js/json/wxml, and all JS parses', () => {
    const subs = appJson.subPackages ?? appJson.subpackages ?? [];
    const pages = [...appJson.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    expect(pages).toHaveLength(TAB_PAGES.length + SUBPACKAGES.reduce((n, p) => n + p.pages.length, 0));
    const missing: string[] = [];
    for (const page of pages) {
      for (const ext of ['js', 'json', 'wxml']) {
        const f = path.join(WEAPP_DIR, `${page}.${ext}`);
        if (!existsSync(f) || (ext !== 'json' && statSync(f).size === 0)) missing.push(`${page}.${ext}`);
      }
    }
    for (const f of ['app.js', 'app.json', 'app.wxss', 'project.config.json']) {
      if (!existsSync(path.join(WEAPP_DIR, f))) missing.push(f);
    }
    expect(missing).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(WEAPP_DIR, 'project.config.json'), 'utf8'))).toMatchObject({
      compileType: 'miniprogram',
    });

    const broken: string[] = [];
    for (const f of files.filter((x) => x.rel.endsWith('.js'))) {
      try {
        // compile only, never run
        new vm.Script(f.content.toString('utf8'), { filename: f.rel });
      } catch (err) {
        broken.push(`${f.rel}: ${(err as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('tab bar icons exist, are PNGs and are under 40 KB', () => {
    const icons = (appJson.tabBar?.list ?? []).flatMap((t) => [t.iconPath, t.selectedIconPath]);
    expect(icons).toHaveLength(10);
    const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (const icon of icons) {
      expect(typeof icon).toBe('string');
      const file = files.find((f) => f.rel === icon);
      if (!file) throw new Error(`tab bar icon ${icon} is not in the build`);
      expect(file.content.subarray(0, 8).equals(PNG)).toBe(true);
      expect(file.size).toBeLessThan(TAB_ICON_LIMIT);
      expect(inSubpackage(file.rel)).toBe(false);
    }
  });

  test(`main package ≤ 400 KB (now ${mainSizeLabel}), each subpackage ≤ 1 MB, staff code only in its subpackage`, () => {
    const sizes = packageSizes(files);
    const main = files.filter((f) => !inSubpackage(f.rel));
    const biggest = [...main]
      .sort((a, b) => b.size - a.size)
      .slice(0, 5)
      .map((f) => `${f.rel} ${kb(f.size)}`);
    console.log(
      `weapp packages: ${[...sizes].map(([root, n]) => `${root} ${kb(n)}`).join(', ')}; main's largest files: ${biggest.join(', ')}`,
    );
    expect(main.length).toBeGreaterThan(10);
    expect(sizes.get('main')).toBeGreaterThan(50 * 1024); // a real bundle, not an empty shell
    const over = [...sizes]
      .filter(([root, n]) => n > (root === 'main' ? MAIN_PACKAGE_LIMIT : SUBPACKAGE_LIMIT))
      .map(([root, n]) => `${root} ${kb(n)}`);
    expect(over).toEqual([]);
    for (const p of SUBPACKAGES) expect(sizes.get(p.root)).toBeGreaterThan(1024);
    expect(files.map((f) => f.rel)).toEqual(expect.arrayContaining(['pages-staff/home/index.js']));

    // the staff page's own text (「所在门店」) is only in the subpackage: the split is real
    expect(filesContaining(files, '所在门店')).toEqual(['pages-staff/home/index.js']);
    // the contract's zod schemas stay out of the bundle (only the route table ships)
    expect(filesContaining(files, 'ZodError')).toEqual([]);
  });

  test('app.json loads components lazily and preloads the likely next subpackage', () => {
    const json = appJson as typeof appJson & { lazyCodeLoading?: string; preloadRule?: Record<string, { packages: string[] }> };
    expect(json.lazyCodeLoading).toBe('requiredComponents');
    const names = SUBPACKAGES.map((p) => p.name);
    const rules = Object.entries(json.preloadRule ?? {});
    expect(rules.length).toBeGreaterThan(0);
    for (const [page, rule] of rules) {
      expect([...TAB_PAGES, ...SUBPACKAGES.flatMap((p) => p.pages.map((x) => `${p.root}/${x}`))]).toContain(page);
      for (const name of rule.packages) expect(names).toContain(name);
    }
  });

  test('contains no simulator / H5 demo code', () => {
    const found = SIMULATOR_MARKERS.flatMap((m) => filesContaining(files, m).map((f) => `${f} contains "${m}"`));
    expect(found).toEqual([]);
  });

  test('the H5 build does contain the simulator code (so the search above is meaningful)', () => {
    requireBuild('h5');
    const h5 = walk(H5_DIR);
    expect(filesContaining(h5, 'sim/wx').length).toBeGreaterThan(0);
    const absent = H5_MARKERS.filter((m) => filesContaining(h5, m).length === 0);
    expect(absent).toEqual([]);
    // and the same search finds the escaped Chinese text in the weapp build
    expect(filesContaining(files, '门店工作台').length).toBeGreaterThan(0);
  });
});

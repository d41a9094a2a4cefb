/** The pure audience rule of the home page (server/src/content/audience.calc.ts). */
import { homeConfig, type HomeConfigInput } from '@homeclub/shared';
import { homeFor } from '../../server/src/content/audience.calc';

const S1 = 'a'.repeat(24);
const S2 = 'b'.repeat(24);
const input: HomeConfigInput = {
  banners: [
    { id: 'all', title: '全部', image: '/static/a.png' },
    { id: 'gold', title: '金卡专享', image: '/static/b.png', tiers: ['gold', 'diamond'] },
    { id: 's1', title: '徐汇店', image: '/static/c.png', storeIds: [S1] },
    { id: 'dec', title: '十二月', image: '/static/d.png', startAt: '2026-12-01T00:00:00+08:00', endAt: '2027-01-01T00:00:00+08:00' },
  ],
  shortcuts: [{ key: 'coupons', label: '领券' }],
  notice: { text: '周末全场满减' },
};
const config = homeConfig.parse(input);
const DEC = new Date('2026-12-06T12:00:00+08:00');

test.each([
  ['anonymous, no store, in December', { at: DEC }, ['all', 'dec']],
  ['normal member at 徐汇店', { tier: 'normal', storeId: S1, at: DEC }, ['all', 's1', 'dec']],
  ['gold member at 浦东店', { tier: 'gold', storeId: S2, at: DEC }, ['all', 'gold', 'dec']],
  ['before the window (30 Nov 23:59 Shanghai)', { at: new Date('2026-11-30T23:59:00+08:00') }, ['all']],
  ['at the start instant', { at: new Date('2026-12-01T00:00:00+08:00') }, ['all', 'dec']],
  ['at the end instant (end is exclusive)', { at: new Date('2027-01-01T00:00:00+08:00') }, ['all']],
])('%s', (_name, who, ids) => {
  const view = homeFor(config, 3, who);
  expect(view.banners.map((b) => b.id)).toEqual(ids);
  expect(view.version).toBe(3);
  expect(view.notice).toEqual({ text: '周末全场满减', link: null });
  expect(view.shortcuts).toEqual([{ key: 'coupons', label: '领券' }]);
});

test.each([
  ['duplicate banner ids', { banners: [{ id: 'x', title: 'a', image: '/a.png' }, { id: 'x', title: 'b', image: '/b.png' }] }],
  ['end before start', { banners: [{ id: 'x', title: 'a', image: '/a.png', startAt: '2026-12-02T00:00:00Z', endAt: '2026-12-01T00:00:00Z' }] }],
  ['an image that is no URL', { banners: [{ id: 'x', title: 'a', image: 'javascript:alert(1)' }] }],
  ['a shortcut twice', { shortcuts: [{ key: 'pay', label: '买单' }, { key: 'pay', label: '买单' }] }],
  ['an unknown shortcut', { shortcuts: [{ key: 'mall', label: '商城' }] }],
  ['a link to an unknown page', { notice: { text: 'x', link: { kind: 'page', page: 'admin' } } }],
])('refused: %s', (_name, bad) => {
  expect(homeConfig.safeParse(bad).success).toBe(false);
});

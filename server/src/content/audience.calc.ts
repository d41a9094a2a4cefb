/** Pure rule: what a member sees of a home config (tier, store, time). Table-tested in tests/server/content-audience.test.ts. */
import type { HomeConfig, HomeView } from '@homeclub/shared';

export interface Audience {
  /** the member's tier code; undefined = not signed in (only banners for every tier) */
  tier?: string;
  /** the store the shopper is looking at (nearest / chosen); undefined = only banners for every store */
  storeId?: string;
  at: Date;
}

export function homeFor(config: HomeConfig, version: number, who: Audience): HomeView {
  const t = who.at.getTime();
  const banners = config.banners
    .filter((b) => !b.startAt || Date.parse(b.startAt) <= t)
    .filter((b) => !b.endAt || t < Date.parse(b.endAt))
    .filter((b) => b.tiers.length === 0 || (who.tier !== undefined && b.tiers.includes(who.tier)))
    .filter((b) => b.storeIds.length === 0 || (who.storeId !== undefined && b.storeIds.includes(who.storeId)))
    .map((b) => ({ id: b.id, title: b.title, image: b.image, link: b.link }));
  return { version, banners, shortcuts: config.shortcuts, featuredCouponIds: config.featuredCouponIds, notice: config.notice };
}

/** What an unpublished chain shows: the six shortcuts, nothing else. */
export const DEFAULT_HOME: HomeConfig = {
  banners: [],
  shortcuts: [
    { key: 'coupons', label: '领券' },
    { key: 'booking', label: '到店预约' },
    { key: 'measure', label: '上门量尺' },
    { key: 'memberCode', label: '会员码' },
    { key: 'pay', label: '优惠买单' },
    { key: 'invite', label: '邀请有礼' },
  ],
  featuredCouponIds: [],
  notice: null,
};

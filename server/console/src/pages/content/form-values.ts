/**
 * 首页装修 form ↔ the API's HomeConfig. The form flattens a link into `linkKind` + its fields and a banner's
 * schedule into one range; shortcuts are all six keys with a switch (the order is the list order).
 * Server field paths (`body.config.banners.0.link.templateId`) map to the form's names.
 */
import type { Dayjs } from 'dayjs';
import { instantOf, wallOf } from '../../components/shanghai';
import type { ContentLink, ContentPage, HomeConfig, HomeConfigInput, ShortcutKey } from '@homeclub/shared';

export type LinkKind = 'none' | 'page' | 'coupon' | 'booking';
export interface LinkValues {
  linkKind: LinkKind;
  page?: ContentPage;
  templateId?: string;
  storeId?: string;
  serviceId?: string | null;
}
export interface BannerValues extends LinkValues {
  id: string;
  title: string;
  image: string[];
  range?: [Dayjs | null, Dayjs | null];
  storeIds: string[];
  tiers: string[];
}
export interface ShortcutValues {
  key: ShortcutKey;
  label: string;
  on: boolean;
}
export interface ContentValues {
  banners: BannerValues[];
  shortcuts: ShortcutValues[];
  featuredCouponIds: string[];
  noticeOn: boolean;
  noticeText?: string;
  notice: LinkValues;
}

export const PAGE_NAMES: Record<ContentPage, string> = {
  coupons: '领券中心',
  booking: '预约门店',
  member: '会员卡',
  mine: '我的',
  invite: '邀请有礼',
  pay: '优惠买单',
  points: '积分明细',
  'my-coupons': '我的优惠券',
};
export const SHORTCUT_NAMES: Record<ShortcutKey, string> = { coupons: '领券', booking: '到店预约', measure: '上门量尺', memberCode: '会员码', pay: '优惠买单', invite: '邀请有礼' };
const ALL_SHORTCUTS = Object.keys(SHORTCUT_NAMES) as ShortcutKey[];

export const newBannerId = () => `b-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

function linkValues(link: ContentLink | null): LinkValues {
  if (!link) return { linkKind: 'none' };
  if (link.kind === 'page') return { linkKind: 'page', page: link.page };
  if (link.kind === 'coupon') return { linkKind: 'coupon', templateId: link.templateId };
  return { linkKind: 'booking', storeId: link.storeId, serviceId: link.serviceId };
}

export function toLink(v: LinkValues): ContentLink | null {
  if (v.linkKind === 'page' && v.page) return { kind: 'page', page: v.page };
  if (v.linkKind === 'coupon' && v.templateId) return { kind: 'coupon', templateId: v.templateId };
  if (v.linkKind === 'booking' && v.storeId) return { kind: 'booking', storeId: v.storeId, serviceId: v.serviceId ?? null };
  return null;
}

export function toValues(c: HomeConfig): ContentValues {
  const chosen = c.shortcuts.map((s) => ({ key: s.key, label: s.label, on: true }));
  const rest = ALL_SHORTCUTS.filter((k) => !c.shortcuts.some((s) => s.key === k)).map((key) => ({ key, label: SHORTCUT_NAMES[key], on: false }));
  return {
    banners: c.banners.map((b) => ({
      id: b.id,
      title: b.title,
      image: [b.image],
      range: b.startAt || b.endAt ? [b.startAt ? wallOf(b.startAt) : null, b.endAt ? wallOf(b.endAt) : null] : undefined,
      storeIds: b.storeIds,
      tiers: b.tiers,
      ...linkValues(b.link),
    })),
    shortcuts: [...chosen, ...rest],
    featuredCouponIds: c.featuredCouponIds,
    noticeOn: c.notice !== null,
    noticeText: c.notice?.text,
    notice: linkValues(c.notice?.link ?? null),
  };
}

export function toConfig(v: ContentValues): HomeConfigInput {
  return {
    banners: (v.banners ?? []).map((b) => ({
      id: b.id,
      title: b.title ?? '',
      image: b.image?.[0] ?? '',
      link: toLink(b),
      startAt: b.range?.[0] ? instantOf(b.range[0]) : null,
      endAt: b.range?.[1] ? instantOf(b.range[1]) : null,
      storeIds: b.storeIds ?? [],
      tiers: b.tiers ?? [],
    })),
    shortcuts: (v.shortcuts ?? []).filter((s) => s.on).map((s) => ({ key: s.key, label: s.label })),
    featuredCouponIds: v.featuredCouponIds ?? [],
    notice: v.noticeOn ? { text: v.noticeText ?? '', link: toLink(v.notice ?? { linkKind: 'none' }) } : null,
  };
}

/**
 * `body.config.banners.0.link.templateId` → ['banners', 0, 'templateId']; null when the form has no such field.
 * `shortcutRows[i]` = the form row of the i-th switched-on shortcut (the config lists only those).
 */
export function formName(path: string, shortcutRows: number[] = []): (string | number)[] | null {
  const parts = path.replace(/^body\.config\./, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === 'banners' && typeof parts[1] === 'number') {
    const [, i, field, sub] = parts;
    if (field === 'link') return ['banners', i, sub === 'kind' || sub === undefined ? 'linkKind' : sub];
    if (field === 'startAt' || field === 'endAt') return ['banners', i, 'range'];
    if (field === 'image') return ['banners', i, 'image'];
    return ['banners', i, field];
  }
  if (parts[0] === 'banners') return ['banners'];
  if (parts[0] === 'featuredCouponIds') return ['featuredCouponIds'];
  if (parts[0] === 'shortcuts') return typeof parts[1] === 'number' && shortcutRows[parts[1]] !== undefined ? ['shortcuts', shortcutRows[parts[1]], 'label'] : ['shortcuts'];
  if (parts[0] === 'notice') return parts[1] === 'text' ? ['noticeText'] : parts[1] === 'link' ? ['notice', parts[2] ?? 'linkKind'] : ['noticeText'];
  return null;
}

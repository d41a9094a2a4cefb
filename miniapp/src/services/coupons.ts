/**
 * Coupon helpers shared by 领券, 我的券, 优惠券详情 and 扫码核销: display
 * formatting (integers only: money through formatFen, discounts from basis
 * points), the claim button of a claim-centre item, and the keys that make a
 * retried exchange / verification safe (one key per attempt, kept only while
 * the attempt may still have reached the server).
 */
import type { CouponType, CouponView, StoreView, TemplateView } from '@homeclub/shared';
import { call, isApiError } from './api';
import { formatDate, formatPoints, formatYuan } from './membership';

/** What the value / threshold texts need: a template or a claimed coupon's terms. */
export interface CouponFace {
  type: CouponType;
  amountOffFen: number | null;
  percentOffBp: number | null;
  maxDiscountFen: number | null;
  thresholdFen: number;
  exchangeItem: string | null;
}

// ---------------------------------------------------------------- value

/**
 * 「8.5折」 from the percent off in basis points (1500 = 15 % off): the price
 * paid is 10000 - bp basis points, i.e. (10000 - bp) / 1000 折, written with
 * integer maths and without trailing zeros (2000 → 8折, 1550 → 8.45折).
 */
export function discountText(percentOffBp: number): string {
  const paid = Math.max(0, 10000 - Math.trunc(percentOffBp));
  const whole = Math.floor(paid / 1000);
  const tenths = String(paid % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${whole}${tenths ? `.${tenths}` : ''}折`;
}

/** The big value on the left of a coupon, in parts so the symbol / unit can be smaller. */
export interface ValueParts {
  prefix: string;
  main: string;
  suffix: string;
}

export function couponValueParts(face: CouponFace): ValueParts {
  if (face.type === 'discount' && face.percentOffBp !== null) {
    const text = discountText(face.percentOffBp);
    return { prefix: '', main: text.slice(0, -1), suffix: '折' };
  }
  if ((face.type === 'full_reduction' || face.type === 'no_threshold') && face.amountOffFen !== null) {
    return { prefix: '¥', main: formatYuan(face.amountOffFen).replace(/^¥/, ''), suffix: '' };
  }
  return { prefix: '', main: '兑换', suffix: '' };
}

/** 「¥50」, 「¥123.45」, 「8.5折」, 「兑换」. */
export function couponValueText(face: CouponFace): string {
  const { prefix, main, suffix } = couponValueParts(face);
  return `${prefix}${main}${suffix}`;
}

/** 「满 ¥300 可用」, 「无门槛」, 「最高减 ¥100」 (discounts: 「满 ¥300 可用，最高减 ¥100」), 「兑换 抱枕一个」. */
export function thresholdText(face: CouponFace): string {
  const above = face.thresholdFen > 0 ? `满 ${formatYuan(face.thresholdFen)} 可用` : null;
  switch (face.type) {
    case 'full_reduction':
    case 'no_threshold':
      return above ?? '无门槛';
    case 'discount': {
      const cap = face.maxDiscountFen !== null ? `最高减 ${formatYuan(face.maxDiscountFen)}` : null;
      return [above, cap].filter(Boolean).join('，') || '无门槛';
    }
    case 'exchange': {
      const item = face.exchangeItem ? `兑换 ${face.exchangeItem}` : '到店兑换';
      return above ? `${above}，${item}` : item;
    }
    default:
      return above ?? '无门槛';
  }
}

/** 「满减券」… for the detail page. */
export const COUPON_TYPE_LABELS: Record<CouponType, string> = {
  full_reduction: '满减券',
  discount: '折扣券',
  no_threshold: '无门槛券',
  exchange: '兑换券',
};

// ---------------------------------------------------------------- dates

/** 「2026.12.31」: the China date of a timestamp. */
export function dotDate(iso: string): string {
  return formatDate(iso).replace(/-/g, '.');
}

/** Validity of a template: 「2026.11.22–2026.12.31」 or 「领取后 30 天内有效」. */
export function templateValidityText(validity: TemplateView['validity']): string {
  if (validity.mode === 'fixed') return `${dotDate(validity.from)}–${dotDate(validity.to)}`;
  return `领取后 ${validity.days} 天内有效`;
}

/** Validity of a claimed coupon: 「2026.11.22–2026.12.31」. */
export function couponValidityText(coupon: Pick<CouponView, 'validFrom' | 'validTo'>): string {
  return `${dotDate(coupon.validFrom)}–${dotDate(coupon.validTo)}`;
}

const EXPIRING_SOON_MS = 3 * 86400_000;

/** An available coupon that ends within 3 days. */
export function isExpiringSoon(coupon: Pick<CouponView, 'state' | 'validTo'>, now = Date.now()): boolean {
  const end = Date.parse(coupon.validTo);
  return coupon.state === 'available' && !Number.isNaN(end) && end > now && end - now <= EXPIRING_SOON_MS;
}

// ---------------------------------------------------------------- claim centre

export interface CenterItem {
  template: TemplateView;
  remaining: number | null;
  claimedByMe: number;
  canClaim: boolean;
  reason: string | null;
}

/** Server answers that mean "this template cannot be claimed now" (the button turns grey). */
export const BLOCKING_REASONS: ReadonlySet<string> = new Set([
  'COUPON_OUT_OF_STOCK',
  'COUPON_LIMIT_REACHED',
  'COUPON_WINDOW_CLOSED',
  'COUPON_TIER_NOT_ALLOWED',
  'COUPON_NOT_ELIGIBLE',
]);

export function isPointsExchange(template: Pick<TemplateView, 'channel'>): boolean {
  return template.channel === 'points_exchange';
}

/** The grey label of a template that cannot be claimed, by the server's reason. */
export function reasonLabel(reason: string | null, template: Pick<TemplateView, 'claimFrom' | 'channel'>, now = Date.now()): string {
  switch (reason) {
    case 'COUPON_OUT_OF_STOCK':
      return '已抢光';
    case 'COUPON_LIMIT_REACHED':
      return isPointsExchange(template) ? '已兑换' : '已领取';
    case 'COUPON_WINDOW_CLOSED': {
      const from = template.claimFrom ? Date.parse(template.claimFrom) : NaN;
      return !Number.isNaN(from) && from > now ? '未开始' : '已结束';
    }
    case 'COUPON_TIER_NOT_ALLOWED':
      return '等级不足';
    default:
      return '不可领取';
  }
}

export interface ClaimButton {
  label: string;
  disabled: boolean;
}

/**
 * 「立即领取」 / 「再领一张」 / 「500 积分兑换」, or the grey reason — for a points exchange also
 * 「积分不足，还差 300」 when the member's available points (null = not known yet) are too few.
 */
export function claimButton(item: CenterItem, now = Date.now(), availablePoints: number | null = null): ClaimButton {
  if (!item.canClaim) return { label: reasonLabel(item.reason, item.template, now), disabled: true };
  if (isPointsExchange(item.template) && item.template.pointsCost !== null) {
    const cost = item.template.pointsCost;
    if (availablePoints !== null && availablePoints < cost) {
      return { label: `积分不足，还差 ${formatPoints(cost - availablePoints)}`, disabled: true };
    }
    return { label: `${formatPoints(cost)} 积分兑换`, disabled: false };
  }
  return { label: item.claimedByMe > 0 ? '再领一张' : '立即领取', disabled: false };
}

/** The item after one more coupon of it was claimed by me. */
export function afterClaim(item: CenterItem): CenterItem {
  const claimedByMe = item.claimedByMe + 1;
  const remaining = item.remaining === null ? null : Math.max(0, item.remaining - 1);
  const reason =
    claimedByMe >= item.template.perMemberLimit ? 'COUPON_LIMIT_REACHED' : remaining === 0 ? 'COUPON_OUT_OF_STOCK' : null;
  return { ...item, claimedByMe, remaining, canClaim: reason === null, reason };
}

/** Remaining stock in whole percent (integer maths), at least 1 while any is left; null when unlimited. */
export function stockPercent(remaining: number | null, totalStock: number | null): number | null {
  if (remaining === null || totalStock === null || totalStock <= 0) return null;
  const percent = Math.floor((Math.max(0, remaining) * 100) / totalStock);
  return Math.min(100, remaining > 0 ? Math.max(1, percent) : 0);
}

// ---------------------------------------------------------------- attempt keys

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh 24-character [A-Za-z0-9] key (crypto random where the platform has it). */
export function newAttemptKey(): string {
  const bytes = new Uint8Array(16);
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let key = Date.now().toString(36).slice(-8).padStart(8, '0');
  for (const b of bytes) key += KEY_ALPHABET[b % KEY_ALPHABET.length];
  return key;
}

/**
 * Whether an attempt may have reached the server without us seeing the answer
 * (no answer at all, or a 5xx): its retry must carry the same key.
 */
export function mayHaveReachedServer(err: unknown): boolean {
  return !isApiError(err) || err.status === 0 || err.status >= 500;
}

/**
 * One key per attempt, per scope (a template for exchanges, a code for
 * verifications): `keyFor` reuses the key of an unfinished attempt, `settle`
 * ends the attempt unless its failure may not have reached the server.
 */
export class AttemptKeys {
  private readonly keys = new Map<string, string>();

  keyFor(scope: string): string {
    let key = this.keys.get(scope);
    if (!key) {
      key = newAttemptKey();
      this.keys.set(scope, key);
    }
    return key;
  }

  /** The attempt got an answer (err undefined: success). */
  settle(scope: string, err?: unknown): void {
    if (err === undefined || !mayHaveReachedServer(err)) this.keys.delete(scope);
  }

  has(scope: string): boolean {
    return this.keys.has(scope);
  }
}

// ---------------------------------------------------------------- stores

let storesCache: Promise<StoreView[]> | null = null;

/** GET /api/stores once per app run (a failure is not cached). */
export function loadStores(): Promise<StoreView[]> {
  if (!storesCache) {
    const promise = call('stores', { toast: false }).then((res) => res.items);
    storesCache = promise;
    promise.catch(() => {
      if (storesCache === promise) storesCache = null;
    });
  }
  return storesCache;
}

/** Tests: forget the cached store list. */
export function resetStoresCache(): void {
  storesCache = null;
}

/** 「全部门店可用」 or the names of the coupon's stores (「指定 2 家门店可用」 while the names are unknown). */
export function storesText(storeIds: string[], stores: StoreView[] | null): string {
  if (storeIds.length === 0) return '全部门店可用';
  const names = stores ? storeIds.map((id) => stores.find((s) => s.id === id)?.name).filter((n): n is string => !!n) : [];
  if (names.length === 0) return `指定 ${storeIds.length} 家门店可用`;
  return names.join('、');
}

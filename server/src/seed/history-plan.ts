/**
 * Six months of plausible demo history, planned as well-formed documents
 * (pure and deterministic: a seeded generator and a fixed anchor time, so a
 * re-run after a crash plans the very same documents and ids). Members
 * register over time at their home store; they buy (new-member coupon, claim-
 * centre coupons, points), some refund; they book visits (attended, no-show,
 * cancelled) and often buy within days after attending; some came through
 * 陈晓's invite and earn her a reward. Points are a real ledger: every entry
 * applied with its balanceAfter, lots consumed oldest expiry first, promotion
 * points expire, and each member's balance is the sum of their entries.
 */
import { Types } from 'mongoose';
import { planMemberMoney, type MoneyPlan } from './history-money';

export const HISTORY_DAYS = 182;
const DAY = 86_400_000;

export interface HistoryContext {
  anchor: Date;
  stores: { id: string; weight: number; services: { id: string; kind: string; name: string; attendPoints: number }[] }[];
  newMemberTemplate: { id: string; terms: Record<string, unknown> } | null;
  claimTemplate: { id: string; terms: Record<string, unknown>; percentOffBp: number; maxDiscountFen: number; thresholdFen: number } | null;
  tiers: { code: string; threshold: number; pointsMultiplierBp: number }[];
  growthPerYuan: number;
  pointsPerYuan: number;
  partner: { memberId: string; code: string } | null;
  reward: { kind: 'points' | 'cash'; fixed: number; bp: number; refundWindowDays: number };
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}
export type Rng = ReturnType<typeof rng>;

/** Deterministic ObjectIds whose timestamp is the document's time. */
export function idFactory(tag = 0) {
  let n = 0;
  return (at: Date) => {
    n += 1;
    const ts = Math.floor(at.getTime() / 1000).toString(16).padStart(8, '0');
    return new Types.ObjectId(`${ts}a${tag.toString(16).padStart(3, '0')}${n.toString(16).padStart(12, '0')}`);
  };
}
export type IdOf = ReturnType<typeof idFactory>;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '婷', '雪', '晨', '浩'];

export interface HistoryPlan extends MoneyPlan {
  members: Record<string, unknown>[];
  /** offset of this plan's coupon numbers and booking codes (distinct per slice) */
  numberBase: number;
}

/**
 * The demo plans HISTORY_DAYS at scale 1 (~600 members). The benchmark plans a
 * year at a larger scale in slices of registration days (`dayFrom`..`dayTo`),
 * each slice with its own id tag and openid serials, to bound memory.
 */
export interface PlanOptions {
  days?: number;
  scale?: number;
  dayFrom?: number;
  dayTo?: number;
  /** 0..4095, distinct per slice */
  tag?: number;
  serialFrom?: number;
}

export function planHistory(ctx: HistoryContext, opts: PlanOptions = {}): HistoryPlan {
  const days = opts.days ?? HISTORY_DAYS;
  const scale = opts.scale ?? 1;
  const r = rng(20261206 + (opts.dayFrom ?? 0));
  const idOf = idFactory(opts.tag ?? 1);
  const start = ctx.anchor.getTime() - days * DAY;
  const plan: HistoryPlan = { members: [], orders: [], entries: [], lots: [], growth: [], coupons: [], bookings: [], bindings: [], rewards: [], numberBase: (opts.tag ?? 1) * 10_000_000 };
  const totalWeight = ctx.stores.reduce((s, x) => s + x.weight, 0);
  const storeFor = () => {
    let w = r.next() * totalWeight;
    for (const s of ctx.stores) if ((w -= s.weight) < 0) return s;
    return ctx.stores[0];
  };
  let serial = opts.serialFrom ?? 0;
  for (let d = opts.dayFrom ?? 0; d < (opts.dayTo ?? days); d++) {
    const dayMs = start + d * DAY;
    const weekday = new Date(dayMs + 8 * 3600_000).getUTCDay();
    // registrations grow over the half year, busier at weekends
    const expected = scale * (1.5 + (d / days) * 3 + (weekday === 0 || weekday === 6 ? 1.5 : 0));
    const count = Math.max(0, Math.round(expected + (r.next() - 0.5) * 3 * Math.sqrt(scale)));
    for (let i = 0; i < count; i++) {
      const createdAt = new Date(dayMs + r.int(1, 13) * 3600_000 + r.int(0, 3599) * 1000);
      if (createdAt >= ctx.anchor) continue;
      serial += 1;
      const memberId = idOf(createdAt);
      const home = storeFor();
      const invited = ctx.partner !== null && r.chance(0.12);
      const money = planMemberMoney({ r, idOf, ctx, memberId, home, createdAt, invited, storeFor, plan });
      const phone = r.chance(0.7) ? `13${r.int(0, 9)}${String(r.int(0, 99_999_999)).padStart(8, '0')}` : null;
      plan.members.push({
        _id: memberId,
        openid: `oHC0hist${String(serial).padStart(7, '0')}`,
        nickname: `${r.pick(SURNAMES)}${r.pick(GIVEN)}`,
        avatarUrl: null,
        phone,
        phoneCountryCode: phone ? '86' : null,
        phoneBoundAt: phone ? createdAt : null,
        roles: ['member'],
        staffStoreId: null,
        createdAt,
        lastLoginAt: money.lastSeen,
        points: { balance: money.balance, held: 0, available: money.balance, inflight: [], lots: money.lots, owedKeys: [], ...(money.nextExpiry ? { nextExpiry: money.nextExpiry } : {}) },
        growth: money.growth,
        growthInflight: [],
        tierCode: tierFor(money.growth, ctx.tiers),
        tierReviewAt: null,
        birthday: null,
        birthdayMonth: null,
        birthdayPerkYear: null,
        codeSecret: null,
        homeCity: null,
        preferredStoreId: new Types.ObjectId(home.id),
        noShows: money.noShows.length,
        noShowBookingIds: money.noShows,
        registeredVia: invited ? { inviter: ctx.partner!.code, scene: 1007 } : null,
      });
    }
  }
  return plan;
}

export function tierFor(growth: number, tiers: HistoryContext['tiers']): string {
  return [...tiers].sort((a, b) => b.threshold - a.threshold).find((t) => growth >= t.threshold)?.code ?? tiers[0].code;
}

/**
 * One demo member's history as documents: coupons, bookings, orders, refunds,
 * the points ledger (entries + lots, consumed oldest expiry first, expired
 * when due) and growth, replayed in time order so every balanceAfter, lot and
 * balance agrees. Pure; see history-plan.ts.
 */
import { earliestExpiry, lotKey } from '../points/lots.calc';
import { Types } from 'mongoose';
import type { HistoryContext, HistoryPlan, IdOf, Rng } from './history-plan';

const DAY = 86_400_000;
const HOUR = 3600_000;
const SHANGHAI = 8 * HOUR;

/** The same Shanghai day at a shop hour (10:00–20:59, minutes kept): the stores sell nothing at 03:00. */
export function inShopHours(t: number): number {
  const local = t + SHANGHAI;
  const day = Math.floor(local / DAY) * DAY;
  const hour = Math.floor((local - day) / HOUR);
  if (hour >= 10 && hour < 21) return t;
  return day + (10 + (hour % 11)) * HOUR + (local % HOUR) - SHANGHAI;
}
type Doc = Record<string, unknown>;
export type MoneyPlan = Record<'orders' | 'entries' | 'lots' | 'growth' | 'coupons' | 'bookings' | 'bindings' | 'rewards', Doc[]>;

const ITEMS: [string, number][] = [
  ['布艺沙发', 459_900], ['实木餐桌', 259_900], ['乳胶床垫', 389_900], ['实木床', 529_900], ['衣柜定制（首付）', 800_000], ['餐椅一对', 89_900],
  ['落地灯', 39_900], ['四件套', 59_900], ['地毯', 129_900], ['收纳柜', 69_900], ['电视柜', 219_900], ['窗帘定制', 159_900], ['抱枕', 19_900],
];

/** The end of the calendar year after `at` (Asia/Shanghai), as the points ledger sets it. */
const yearEndAfter = (at: Date) => new Date(Date.UTC(new Date(at.getTime() + 8 * 3600_000).getUTCFullYear() + 1, 11, 31, 16) - 1);

export function planMemberMoney(a: {
  r: Rng;
  idOf: IdOf;
  ctx: HistoryContext;
  memberId: Types.ObjectId;
  home: HistoryContext['stores'][number];
  createdAt: Date;
  invited: boolean;
  storeFor: () => HistoryContext['stores'][number];
  plan: HistoryPlan;
}) {
  const { r, idOf, ctx, memberId, plan } = a;
  const anchor = ctx.anchor.getTime();
  const events: { at: number; run: () => void }[] = [];
  const at = (t: number, run: () => void) => t < anchor && events.push({ at: t, run });
  let balance = 0;
  let growth = 0;
  let lastSeen = a.createdAt.getTime();
  const lots: { doc: Doc; remaining: number; expiresAt: Date }[] = [];
  const noShows: Types.ObjectId[] = [];
  let usedGift = false;
  let firstOrderDone = false;
  let claims = 0;

  const entry = (t: Date, kind: string, delta: number, reason: string, source: string, reference: string, leg: string, extra: Doc = {}) => {
    balance += delta;
    const e = { _id: idOf(t), key: `${source}:${reference}:${leg}`, memberId, kind, reason, source, reference, leg, delta, heldDelta: 0, expiresAt: null, lotId: null, state: 'applied', rejectCode: null, balanceAfter: balance, note: null, actorId: null, createdAt: t, appliedAt: t, leaseUntil: null, leaseToken: null, ...extra };
    plan.entries.push(e);
    return e;
  };
  const earn = (t: Date, amount: number, reason: string, source: string, reference: string, leg: string, expiresAt = yearEndAfter(t), kind = 'earn') => {
    if (amount <= 0) return;
    const e = entry(t, kind, amount, reason, source, reference, leg, { expiresAt });
    const lot = { _id: idOf(t), memberId, entryId: e._id, earned: amount, remaining: amount, expiresAt, state: 'open', leaseUntil: null, consumedBy: [] as Doc[], createdAt: t };
    plan.lots.push(lot);
    lots.push({ doc: lot, remaining: amount, expiresAt });
    if (expiresAt.getTime() < anchor) {
      at(expiresAt.getTime(), () => {
        const l = lots.find((x) => x.doc === lot)!;
        lot.state = 'expired';
        if (l.remaining <= 0) return;
        const x = entry(expiresAt, 'expire', -l.remaining, 'expiry', 'expiry', String(lot._id), 'expire', { lotId: lot._id });
        lot.consumedBy.push({ entryId: x._id, amount: l.remaining });
        l.remaining = 0;
        lot.remaining = 0;
      });
    }
  };
  const debit = (t: Date, amount: number, kind: string, reason: string, source: string, reference: string, leg: string) => {
    const take = Math.min(amount, balance);
    if (take <= 0) return 0;
    const e = entry(t, kind, -take, reason, source, reference, leg);
    let left = take;
    for (const l of [...lots].filter((x) => x.remaining > 0).sort((x, y) => x.expiresAt.getTime() - y.expiresAt.getTime())) {
      const n = Math.min(left, l.remaining);
      l.remaining -= n;
      l.doc.remaining = l.remaining;
      (l.doc.consumedBy as Doc[]).push({ entryId: e._id, amount: n });
      left -= n;
      if (!left) break;
    }
    return take;
  };
  const addGrowth = (t: Date, delta: number, key: string) => {
    const applied = delta < 0 ? -Math.min(-delta, growth) : delta;
    growth += applied;
    plan.growth.push({ _id: idOf(t), key, memberId, delta, applied, reason: delta < 0 ? 'refund' : 'purchase', state: 'applied', createdAt: t, leaseUntil: null, leaseToken: null });
  };
  const multiplierBp = () => [...ctx.tiers].sort((x, y) => y.threshold - x.threshold).find((t) => growth >= t.threshold)?.pointsMultiplierBp ?? 10_000;
  const coupon = (templateId: string, terms: Doc, seq: number, claimedAt: Date, validDays: number, issueKey: string | null) => {
    const c: Doc = {
      _id: idOf(claimedAt), templateId: new Types.ObjectId(templateId), memberId, seq, ...(issueKey ? { issueKey } : {}), channel: issueKey ? 'new_member' : 'claim_center', terms, state: 'available', lockedTo: null,
      validFrom: claimedAt, validTo: new Date(claimedAt.getTime() + validDays * DAY), couponNo: String(8_000_000_000 + plan.numberBase + plan.coupons.length + 1),
      codeSecret: Array.from({ length: 40 }, () => r.int(0, 15).toString(16)).join(''), claimedAt, usedAt: null, usedRef: null, reminder: 'none',
      history: [{ at: claimedAt, from: null, to: 'available', by: 'system', ref: null }],
    };
    plan.coupons.push(c);
    return c;
  };
  const settle = (c: Doc) => {
    if (c.state === 'available' && (c.validTo as Date).getTime() < anchor) {
      c.state = 'expired';
      (c.history as Doc[]).push({ at: c.validTo, from: 'available', to: 'expired', by: 'system', ref: null });
    }
  };

  // for some a 60-day promotion (the points that expire in the demo); no signup bonus: fewer documents to insert
  if (r.chance(0.35)) earn(new Date(a.createdAt.getTime() + 60_000), 500, 'promotion', 'promo', String(memberId), 'welcome-60d', new Date(a.createdAt.getTime() + 60 * DAY), 'adjust');
  const gift = ctx.newMemberTemplate ? coupon(ctx.newMemberTemplate.id, ctx.newMemberTemplate.terms, 1, a.createdAt, 30, `new_member:${memberId}:${ctx.newMemberTemplate.id}`) : null;
  if (ctx.claimTemplate && r.chance(0.15)) {
    const claimedAt = new Date(a.createdAt.getTime() + r.int(0, 60) * DAY);
    if (claimedAt.getTime() < anchor) coupon(ctx.claimTemplate.id, ctx.claimTemplate.terms, ++claims, claimedAt, 14, null);
  }
  if (a.invited && ctx.partner) {
    plan.bindings.push({ _id: idOf(a.createdAt), memberId, partnerMemberId: new Types.ObjectId(ctx.partner.memberId), code: ctx.partner.code, scene: 1007, via: r.chance(0.6) ? 'link' : 'poster', at: a.createdAt });
  }

  const order = (t: number, store: HistoryContext['stores'][number]) => () => {
    const paidAt = new Date(t);
    const id = idOf(paidAt);
    const [item, base] = r.pick(ITEMS);
    const billFen = Math.round((base * (0.8 + r.next() * 0.5)) / 100) * 100;
    let couponFen = 0;
    let used: Doc | null = null;
    if (gift && !usedGift && gift.state === 'available' && t < (gift.validTo as Date).getTime() && r.chance(0.6)) {
      used = gift;
      couponFen = 5000;
      usedGift = true;
    } else if (ctx.claimTemplate && claims < 2 && billFen >= ctx.claimTemplate.thresholdFen && r.chance(0.3)) {
      claims += 1;
      used = coupon(ctx.claimTemplate.id, ctx.claimTemplate.terms, claims, new Date(t - r.int(1, 5) * DAY), 14, null);
      couponFen = Math.min(ctx.claimTemplate.maxDiscountFen, Math.floor((billFen * ctx.claimTemplate.percentOffBp) / 10_000));
    }
    let pointsUsed = 0;
    if (balance >= 1000 && r.chance(0.35)) {
      const capPoints = Math.floor((((billFen - couponFen) / 2) * ctx.pointsPerYuan) / 100);
      pointsUsed = Math.floor(Math.min(balance, capPoints) / 100) * 100;
    }
    const pointsFen = Math.floor((pointsUsed * 100) / ctx.pointsPerYuan);
    const cashFen = billFen - couponFen - pointsFen;
    if (pointsUsed) debit(paidAt, pointsUsed, 'spend', 'checkout', 'order', String(id), 'spend');
    const earned = Math.floor((Math.floor(cashFen / 100) * multiplierBp()) / 10_000);
    earn(paidAt, earned, 'purchase', 'order', String(id), 'earn');
    const growthGained = Math.floor(cashFen / 100) * ctx.growthPerYuan;
    addGrowth(paidAt, growthGained, `order:${id}:growth`);
    if (used) {
      used.state = 'used';
      used.usedAt = paidAt;
      used.usedRef = `order:${id}`;
      (used.history as Doc[]).push({ at: paidAt, from: 'available', to: 'used', by: String(memberId), ref: `order:${id}` });
    }
    const o: Doc = {
      _id: id, memberId, storeId: new Types.ObjectId(store.id), idemKey: `seed-history:${id}`, clientKey: `seed-history:${id}`, channel: 'till', settlement: 'other', staffId: null, posTxnId: null, state: 'paid', billFen,
      lines: [{ id: '1', name: item, amountFen: billFen, couponFen, pointsFen, cashFen }], couponId: used ? used._id : null, couponName: used ? ((used.terms as Doc).name as string) : null,
      couponDiscountFen: couponFen, pointsUsed, pointsValueFen: pointsFen, cashFen, pointsEarned: earned, growthGained, outTradeNo: null, expireAt: new Date(t + 15 * 60_000),
      steps: { couponUsed: true, pointsSettled: true, growthAdded: true }, stepsDone: true, cancelReason: null, createdAt: paidAt, paidAt,
      refundedFen: 0, refunds: [], refundCount: 0, localRefundedWeight: 0, refundedLineIds: [],
    };
    plan.orders.push(o);
    lastSeen = Math.max(lastSeen, t);
    const refundAt = t + r.int(1, 5) * DAY;
    const refunded = r.chance(0.06) && refundAt < anchor;
    if (refunded) {
      at(refundAt, () => {
        const when = new Date(refundAt);
        const refundNo = `R${id}`;
        Object.assign(o, { state: 'refunded', refundedFen: cashFen, refundCount: 1, localRefundedWeight: cashFen > 0 ? cashFen : billFen, refundedLineIds: ['1'] });
        o.refunds = [{ key: `seed:${refundNo}`, refundNo, amountFen: cashFen, weight: cashFen > 0 ? cashFen : billFen, lineIds: ['1'], via: 'other', state: 'SUCCESS', reason: '顾客退货', actorId: 'seed', applied: true, createdAt: when }];
        debit(when, earned, 'reversal', 'refund', 'order', String(id), `refund:${refundNo}:earn`);
        if (pointsUsed) earn(when, pointsUsed, 'refund', 'order', String(id), `refund:${refundNo}:spend`, yearEndAfter(when), 'reversal');
        addGrowth(when, -growthGained, `order:${id}:refund:${refundNo}:growth`);
      });
    }
    if (a.invited && ctx.partner && !firstOrderDone) {
      const amount = ctx.reward.fixed + Math.floor((cashFen * ctx.reward.bp) / 10_000);
      const settleAt = new Date(t + ctx.reward.refundWindowDays * DAY);
      const state = refunded ? 'cancelled' : settleAt.getTime() < anchor ? 'settled' : 'pending';
      plan.rewards.push({
        _id: idOf(paidAt), key: `order:${id}:level1`, orderId: id, friendMemberId: memberId, partnerMemberId: new Types.ObjectId(ctx.partner.memberId), level: 1, kind: ctx.reward.kind, amount,
        reduced: state === 'cancelled' ? amount : 0, reductions: [], clawedBack: 0, clawbacks: [], state, settleAt, settledAmount: state === 'settled' ? amount : 0,
        settledAt: state === 'settled' ? settleAt : null, credited: false, orderPaidAt: paidAt, createdAt: paidAt,
      });
    }
    firstOrderDone = true;
  };

  let t = a.createdAt.getTime();
  if (r.chance(0.55)) {
    t = inShopHours(t + r.int(0, 40) * DAY + r.int(1, 8) * 3600_000);
    at(t, order(t, r.chance(0.85) ? a.home : a.storeFor()));
    for (let k = r.int(0, 2); k > 0; k--) {
      t += r.int(10, 60) * DAY;
      at(t, order(t, a.home));
    }
  }
  if (r.chance(0.35) && a.home.services.length) {
    const svc = r.pick(a.home.services);
    const startMs = inShopHours(Math.floor((a.createdAt.getTime() + r.int(1, 20) * DAY) / 3600_000) * 3600_000 + 2 * 3600_000);
    if (startMs + 3 * 3600_000 < anchor) {
      const start = new Date(startMs);
      const roll = r.next();
      const state = roll < 0.7 ? 'attended' : roll < 0.85 ? 'no_show' : 'cancelled';
      const id = idOf(new Date(startMs - 3 * DAY));
      const slotId = `${svc.id}@${start.toISOString()}`;
      plan.bookings.push({
        _id: id, code: `H${String(plan.numberBase + plan.bookings.length + 1).padStart(9, '0')}`, memberId, storeId: new Types.ObjectId(a.home.id), serviceId: new Types.ObjectId(svc.id), kind: svc.kind, serviceName: svc.name,
        slotId, seatId: `${slotId}#0`, start, end: new Date(startMs + 3600_000), state, name: '会员', phone: '13800000000', address: null, note: '', clientKey: `seed-history:${id}`,
        cutoffMinutes: 120, attendPoints: svc.attendPoints, keepDepositOnNoShow: true, noShowAt: new Date(startMs + 5400_000), depositFen: 0, depositState: 'none', outTradeNo: null, expireAt: null,
        reminderConsent: false, reminders: [], steps: state === 'attended' ? { points: true } : state === 'no_show' ? { noShowCounted: true } : {}, stepsDone: true,
        pointsAwarded: state === 'attended' ? svc.attendPoints : 0, attendedAt: state === 'attended' ? start : null, checkedInBy: null, cancelledAt: state === 'cancelled' ? new Date(startMs - DAY) : null,
        createdAt: new Date(startMs - 3 * DAY),
      });
      if (state === 'no_show') noShows.push(id);
      if (state === 'attended') {
        at(startMs, () => earn(start, svc.attendPoints, 'booking', 'booking', String(id), 'attend'));
        if (r.chance(0.45)) {
          const buyAt = inShopHours(startMs + r.int(1, 20) * DAY + r.int(0, 3) * HOUR);
          at(buyAt, order(buyAt, a.home));
        }
      }
    }
  }
  for (;;) {
    events.sort((x, y) => x.at - y.at);
    const e = events.shift();
    if (!e) break;
    e.run();
  }
  if (gift) settle(gift);
  for (const c of plan.coupons) if (c.memberId === memberId) settle(c);
  // The account's open lots (points/lots.calc.ts): points earned per expiry, of the lots not expired.
  const accountLots: Record<string, number> = {};
  for (const l of lots) if (l.doc.state === 'open') accountLots[lotKey(l.expiresAt)] = (accountLots[lotKey(l.expiresAt)] ?? 0) + (l.doc.earned as number);
  return { balance, growth, lastSeen: new Date(lastSeen), noShows, lots: accountLots, nextExpiry: earliestExpiry(accountLots) };
}

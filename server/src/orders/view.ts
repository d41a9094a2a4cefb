/** Orders as the shopper (receipt) and the store's staff see them. */
import { maskPhone, type OrderView, type StaffOrderView } from '@homeclub/shared';
import type { MemberDoc } from '../members/service';
import type { OrderDoc } from './model';

export function toOrderView(o: OrderDoc, storeName: string): OrderView {
  const refunded = new Set(o.refundedLineIds ?? []);
  return {
    id: String(o._id),
    number: o.number ?? String(o._id),
    storeId: String(o.storeId),
    storeName,
    state: o.state,
    channel: o.channel ?? 'miniapp',
    settlement: o.settlement ?? 'wechat',
    billFen: o.billFen,
    couponId: o.couponId ? String(o.couponId) : null,
    couponName: o.couponName,
    couponDiscountFen: o.couponDiscountFen,
    pointsUsed: o.pointsUsed,
    pointsValueFen: o.pointsValueFen,
    cashFen: o.cashFen,
    pointsEarned: o.pointsEarned,
    growthGained: o.growthGained,
    // fixed at insert, but a payment number only once WeChat Pay was asked (paid, or the pay call's own answer: service.ts)
    outTradeNo: o.state === 'paid' || o.state === 'refunded' ? o.outTradeNo : null,
    expireAt: o.expireAt.toISOString(),
    createdAt: o.createdAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    lines: (o.lines ?? []).map((l) => ({ ...l, refunded: refunded.has(l.id) })),
    refundedFen: o.refundedFen ?? 0,
    refunds: (o.refunds ?? []).map((r) => ({
      refundNo: r.refundNo,
      number: r.number ?? r.refundNo,
      amountFen: r.amountFen,
      lineIds: r.lineIds,
      state: r.state,
      reason: r.reason,
      via: r.via,
      createdAt: r.createdAt.toISOString(),
    })),
    posTxnId: o.posTxnId ?? null,
    effectsApplied: (o.state === 'paid' || o.state === 'refunded') && o.stepsDone === true,
  };
}

export function toStaffOrderView(o: OrderDoc, storeName: string, member: MemberDoc | null | undefined): StaffOrderView {
  return {
    ...toOrderView(o, storeName),
    member: {
      id: String(o.memberId),
      nickname: member?.nickname ?? '会员',
      phoneMasked: maskPhone(member?.phone ?? null),
      cardNo: member?.cardNo ?? null,
    },
  };
}

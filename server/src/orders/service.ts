/**
 * Orders: the shopper's 优惠买单, the clerk's till and the store POS all make
 * the same order (create.ts); "paid" applies its effects as idempotent steps
 * (paid.ts); refunds reverse them in proportion (refund.ts). Unpaid orders
 * expire or are cancelled and give the coupon and points back.
 */
import { createLiveOrders } from './audit';
import { Types, type Connection } from 'mongoose';
import type { OrderRefundRequest, OrderView, RequestPaymentParams, StaffOrderView, TillOrderRequest } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { MembersService } from '../members/service';
import type { CouponsService } from '../coupons/service';
import type { PointsService } from '../points/service';
import type { MembershipService } from '../membership/service';
import type { PaymentsService } from '../payments/service';
import type { StoreDoc, StoresService } from '../stores/service';
import type { Quoter } from '../checkout/quote';
import type { Identity } from '../platform/http/context';
import { assertStoreScope } from '../platform/auth/guard';
import type { AuditService } from '../system/audit';
import type { OwedPoints } from '../points/owed';
import { tillHolder, type MemberTokens } from '../membership/member-token';
import { orderModel, type OrderDoc } from './model';
import { createPaidSteps, type PaidHook } from './paid';
import { createOrderRefunds, type RefundHook } from './refund';
import { createOrderCreator, type NewOrder } from './create';
import { toOrderView, toStaffOrderView } from './view';
import { orderSearchFilter } from './search';
import { createOrderMemberStats } from './member-stats';
import { createOrdersRollup } from './rollup';
import type { MemberDoc } from '../members/service';

export type { OrderDoc } from './model';

export const ORDER_PURPOSE = 'order';
const DESCRIPTION = 'HomeClub 家居 门店买单';

export function createOrdersService(deps: {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  coupons: CouponsService;
  points: PointsService;
  members: MembersService;
  membership: MembershipService;
  payments: PaymentsService;
  stores: StoresService;
  quoter: Quoter;
  audit: AuditService;
  owed: OwedPoints;
  memberTokens: MemberTokens;
}) {
  const Order = orderModel(deps.conn);
  const paid = createPaidSteps({ Order, clock: deps.clock, logger: deps.logger, coupons: deps.coupons, points: deps.points, membership: deps.membership, owed: deps.owed });
  const refunds = createOrderRefunds({ Order, ...deps });
  const creator = createOrderCreator({ Order, clock: deps.clock, coupons: deps.coupons, points: deps.points, membership: deps.membership, stores: deps.stores, quoter: deps.quoter, paid });

  deps.payments.registerPurpose(ORDER_PURPOSE, {
    onPaid: async (intent) => {
      await paid.markPaid(new Types.ObjectId(intent.reference));
    },
    onRefunded: refunds.onWechatRefunded,
  });

  const storeName = async (storeId: Types.ObjectId) => (await deps.stores.get(String(storeId)))?.name ?? '门店';
  const view = async (o: OrderDoc) => toOrderView(o, await storeName(o.storeId));
  const staffView = async (o: OrderDoc) => toStaffOrderView(o, await storeName(o.storeId), await deps.members.get(String(o.memberId)));

  async function load(orderId: string): Promise<OrderDoc> {
    const o = Types.ObjectId.isValid(orderId) ? await Order.findById(orderId).lean<OrderDoc>() : null;
    if (!o) throw new AppError('NOT_FOUND', `order ${orderId} not found`);
    return o;
  }
  async function loadOwn(memberId: string, orderId: string): Promise<OrderDoc> {
    const o = Types.ObjectId.isValid(orderId) ? await Order.findOne({ _id: orderId, memberId: new Types.ObjectId(memberId) }).lean<OrderDoc>() : null;
    if (!o) throw new AppError('NOT_FOUND', `order ${orderId} not found for member ${memberId}`);
    return o;
  }

  /** WeChat Pay parameters for an unpaid order (the same intent each time). */
  /** `ctx`: what this request already read (the member by authentication, the store by pricing): not read again */
  async function payParams(o: OrderDoc, ctx: { member?: MemberDoc; store?: StoreDoc } = {}): Promise<{ order: OrderView; requestPayment: RequestPaymentParams | null }> {
    const viewOf = async (x: OrderDoc) => (ctx.store && String(ctx.store._id) === String(x.storeId) ? toOrderView(x, ctx.store.name) : view(x));
    if (o.state !== 'pending_payment' || o.settlement !== 'wechat') return { order: await viewOf(o), requestPayment: null };
    const member = ctx.member && String(ctx.member._id) === String(o.memberId) ? ctx.member : await deps.members.get(String(o.memberId));
    const { intent, requestPayment } = await deps.payments.createIntent({ purpose: ORDER_PURPOSE, reference: String(o._id), memberId: String(o.memberId), openid: member!.openid, amountFen: o.cashFen, description: DESCRIPTION, expireAt: o.expireAt, outTradeNo: o.outTradeNo });
    if (!o.outTradeNo) await Order.updateOne({ _id: o._id }, { $set: { outTradeNo: intent.outTradeNo } }); // an order created before numbers came with the order
    return { order: { ...(await viewOf(o)), outTradeNo: intent.outTradeNo }, requestPayment };
  }

  /** Close an unpaid order (expired or cancelled): the payment is closed first, then the coupon and points go back. */
  async function close(o: OrderDoc, to: 'expired' | 'cancelled', reason: string): Promise<OrderDoc | null> {
    if (o.outTradeNo) {
      // no intent yet (payment never asked): closed for good, so a payment request racing this close is refused
      const intent = await deps.payments.close(o.outTradeNo, { purpose: ORDER_PURPOSE, reference: String(o._id), amountFen: o.cashFen, expireAt: o.expireAt }).catch(() => null);
      if (!intent || intent.state !== 'CLOSED') return null; // paid meanwhile (its hook marks the order paid) or WeChat unreachable
    }
    const closed = await Order.findOneAndUpdate({ _id: o._id, state: 'pending_payment' }, { $set: { state: to, cancelReason: reason } }, { returnDocument: 'after', lean: true });
    if (closed) await creator.giveBack(closed as OrderDoc);
    return (closed as OrderDoc | null) ?? (await Order.findById(o._id).lean<OrderDoc>());
  }

  async function cancel(o: OrderDoc, reason: string): Promise<OrderDoc> {
    if (o.state !== 'pending_payment') throw new AppError('ORDER_NOT_PENDING', `order ${o._id} is ${o.state}`);
    const after = await close(o, 'cancelled', reason);
    if (!after) throw new AppError('PAY_UNAVAILABLE', `payment of order ${o._id} could not be closed`);
    if (after.state !== 'cancelled') throw new AppError('ORDER_NOT_PENDING', `order ${o._id} is ${after.state}`);
    return after;
  }

  /** The member of a till/POS scan token; staff act for their store only. */
  function tillMember(actor: Identity, storeId: string, token: string): string {
    assertStoreScope(actor, storeId);
    return deps.memberTokens.verify(token, tillHolder(actor.memberId));
  }

  return {
    /** per-member purchase facts for member insight */
    memberStats: createOrderMemberStats(deps.conn),
    /** Which of these members bought (an order paid, even if refunded later); ids as strings. */
    async buyersAmong(memberIds: Types.ObjectId[]): Promise<Set<string>> {
      return new Set((await Order.distinct('memberId', { memberId: { $in: memberIds }, state: { $in: ['paid', 'refunded'] } })).map(String));
    },
    /** per-day figures for the analytics rollups */
    rollup: createOrdersRollup(deps),
    /** which orders still await payment (for the ledger audit) */
    liveOrders: createLiveOrders(deps),
    // ---- shopper --------------------------------------------------------------
    /** `member`: the member document authentication read this request */
    async create(memberId: string, input: { storeId: string; billFen: number; couponId: string | null; points: number; clientKey: string }, member?: MemberDoc) {
      const { order, store } = await creator.create({ ...input, channel: 'miniapp', memberId, member, settlement: 'wechat', idemKey: `member:${memberId}:${input.clientKey}` });
      return payParams(order, { member, store });
    },
    async pay(memberId: string, orderId: string) {
      const o = await loadOwn(memberId, orderId);
      if (o.state === 'paid' || o.state === 'refunded') throw new AppError('PAY_ORDER_PAID', `order ${orderId} is ${o.state}`);
      if (o.state !== 'pending_payment') throw new AppError('PAY_ORDER_CLOSED', `order ${orderId} is ${o.state}`);
      return payParams(o);
    },
    async cancelMine(memberId: string, orderId: string): Promise<OrderView> {
      return view(await cancel(await loadOwn(memberId, orderId), 'cancelled by the member'));
    },
    async mine(memberId: string, state?: OrderDoc['state']): Promise<OrderView[]> {
      const list = await Order.find({ memberId: new Types.ObjectId(memberId), ...(state ? { state } : {}) }).sort({ createdAt: -1 }).limit(100).lean<OrderDoc[]>();
      const stores = await deps.stores.byIds([...new Set(list.map((o) => String(o.storeId)))]);
      return list.map((o) => toOrderView(o, stores.get(String(o.storeId))?.name ?? '门店'));
    },
    async one(memberId: string, orderId: string): Promise<OrderView> {
      return view(await refunds.refresh(await loadOwn(memberId, orderId)));
    },

    // ---- till (staff) -----------------------------------------------------------
    async tillQuote(actor: Identity, q: { storeId: string; memberToken: string; billFen: number; couponId?: string | null; points: number | 'max'; lines?: { id: string; amountFen: number }[] }) {
      return deps.quoter.quote(tillMember(actor, q.storeId, q.memberToken), q);
    },
    async tillCreate(actor: Identity, body: TillOrderRequest & { points: number; couponId: string | null }): Promise<{ order: StaffOrderView }> {
      const memberId = tillMember(actor, body.storeId, body.memberToken);
      const { order, created } = await creator.create({
        channel: 'till',
        memberId,
        storeId: body.storeId,
        billFen: body.billFen,
        lines: body.lines,
        couponId: body.couponId,
        points: body.points,
        settlement: body.settlement,
        idemKey: `store:${body.storeId}:till:${body.clientKey}`,
        clientKey: body.clientKey,
        staffId: actor.memberId,
      });
      if (created) await deps.audit.record(actor.memberId, 'till.order', { orderId: String(order._id), memberId, billFen: order.billFen, settlement: order.settlement });
      return { order: await staffView(order) };
    },

    // ---- store POS (signed per-store API) -----------------------------------------
    async posQuote(storeId: string, q: { memberId: string; billFen: number; couponId?: string | null; points: number | 'max'; lines?: { id: string; amountFen: number }[] }) {
      return deps.quoter.quote(q.memberId, { ...q, storeId });
    },
    /** Commit a redemption (coupon + points) on a bill the POS settles itself; one per POS transaction id. */
    async posCommit(storeId: string, c: Omit<NewOrder, 'channel' | 'storeId' | 'settlement' | 'idemKey' | 'clientKey' | 'staffId'> & { posTxnId: string }): Promise<StaffOrderView> {
      const { order, created } = await creator.create({ ...c, channel: 'pos', storeId, settlement: 'other', idemKey: `store:${storeId}:pos:${c.posTxnId}`, clientKey: c.posTxnId });
      if (!created && (String(order.memberId) !== c.memberId || order.billFen !== c.billFen || String(order.couponId ?? '') !== String(c.couponId ?? '') || order.pointsUsed !== c.points)) {
        throw new AppError('POS_TXN_CONFLICT', `POS transaction ${c.posTxnId} of store ${storeId} was committed with other terms`);
      }
      if (created) await deps.audit.record(`pos:${storeId}`, 'pos.commit', { orderId: String(order._id), posTxnId: c.posTxnId });
      return staffView(order);
    },
    async posOrder(storeId: string, posTxnId: string): Promise<OrderDoc> {
      const o = await Order.findOne({ idemKey: `store:${storeId}:pos:${posTxnId}` }).lean<OrderDoc>();
      if (!o) throw new AppError('NOT_FOUND', `no POS transaction ${posTxnId} at store ${storeId}`);
      return o;
    },
    async posView(storeId: string, posTxnId: string): Promise<StaffOrderView> {
      return staffView(await this.posOrder(storeId, posTxnId));
    },
    /** Reverse (refund) all or part of a POS redemption. */
    async posReverse(storeId: string, posTxnId: string, input: OrderRefundRequest) {
      const o = await this.posOrder(storeId, posTxnId);
      const pos: Identity = { memberId: `pos:${storeId}`, sessionId: 'pos', roles: ['staff'], staffStoreId: storeId };
      const refund = await refunds.refund(pos, String(o._id), input);
      return { refund, order: await staffView(await load(String(o._id))) };
    },

    // ---- staff and admin ---------------------------------------------------------------
    async staffList(actor: Identity, q: { storeId?: string; state?: OrderDoc['state']; q?: string; before?: string; limit: number }): Promise<{ items: StaffOrderView[]; nextBefore: string | null }> {
      const isAdmin = actor.roles.includes('admin');
      const storeId = q.storeId ?? (isAdmin ? undefined : actor.staffStoreId ?? undefined);
      if (!storeId && !isAdmin) throw new AppError('STORE_SCOPE', `staff ${actor.memberId} has no store`);
      if (storeId) assertStoreScope(actor, storeId);
      const filter: Record<string, unknown> = {};
      if (storeId) filter.storeId = new Types.ObjectId(storeId);
      if (q.state) filter.state = q.state;
      if (q.q) Object.assign(filter, await orderSearchFilter({ Order, members: deps.members, payments: deps.payments, purpose: ORDER_PURPOSE }, q.q));
      if (q.before) {
        // (createdAt, _id) cursor: orders created in the same millisecond are neither skipped nor repeated.
        const [at, id] = q.before.split('_');
        const t = new Date(at);
        filter.$or = id ? [{ createdAt: { $lt: t } }, { createdAt: t, _id: { $lt: new Types.ObjectId(id) } }] : [{ createdAt: { $lt: t } }];
      }
      const list = await Order.find(filter).sort({ createdAt: -1, _id: -1 }).limit(q.limit).lean<OrderDoc[]>();
      const [stores, byId] = await Promise.all([deps.stores.byIds([...new Set(list.map((o) => String(o.storeId)))]), deps.members.byIds(list.map((o) => o.memberId))]);
      return {
        items: list.map((o) => toStaffOrderView(o, stores.get(String(o.storeId))?.name ?? '门店', byId.get(String(o.memberId)))),
        nextBefore: list.length === q.limit ? `${list[list.length - 1].createdAt.toISOString()}_${list[list.length - 1]._id}` : null,
      };
    },
    async staffOne(actor: Identity, orderId: string): Promise<StaffOrderView> {
      const o = await load(orderId);
      assertStoreScope(actor, o.storeId);
      return staffView(await refunds.refresh(o));
    },
    async staffCancel(actor: Identity, orderId: string): Promise<StaffOrderView> {
      const o = await load(orderId);
      assertStoreScope(actor, o.storeId);
      const after = await cancel(o, `cancelled by staff ${actor.memberId}`);
      await deps.audit.record(actor.memberId, 'order.cancel', { orderId });
      return staffView(after);
    },
    refund: (actor: Identity, orderId: string, input: OrderRefundRequest) => refunds.refund(actor, orderId, input),

    // ---- jobs and hooks ------------------------------------------------------------------
    /** Job: unpaid orders past expiry → close the payment, then give the coupon and points back. */
    async expireUnpaid(limit = 200): Promise<number> {
      const due = await Order.find({ state: 'pending_payment', expireAt: { $lte: deps.clock.now() } }).limit(limit).lean<OrderDoc[]>();
      let n = 0;
      for (const o of due) if ((await close(o, 'expired', 'not paid in time'))?.state === 'expired') n += 1;
      return n;
    },
    /** Job: paid steps a crash interrupted, and refunds outside WeChat Pay not yet reversed. */
    async finishPaidSteps(limit = 200): Promise<number> {
      return (await paid.finishOpen(limit)) + (await refunds.finishLocal(limit));
    },
    applyPaidSteps: paid.apply,
    /** Points the member still owes from refunds of points already spent. */
    owedTotal: (memberId: string) => deps.owed.openTotal(memberId),
    /** Another module's effect of a paid order (the referral reward); applied as a step like the others. */
    onPaid(hook: PaidHook) {
      paid.register(hook);
    },
    /** Another module's reversal on each successful refund (the referral reward). */
    onRefund(hook: RefundHook) {
      refunds.register(hook);
    },
    /** test seam: throw before a step to simulate a crash */
    setBeforeStep: paid.setBeforeStep,
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;

/**
 * The checkout benchmark's invariants (checkout-roundtrip.ts), read back from the database and the
 * WeChat Pay simulator after the run: every order paid and its steps done, paid exactly once (one
 * intent, one notification, one applied entry per leg), ledger sum == balance per member with nothing
 * pending or in flight, coupons used == orders with a coupon.
 */
import { Types } from 'mongoose';
import { couponModel } from '../src/coupons/model';
import { memberModel, type MemberDoc } from '../src/members/model';
import { orderModel, type OrderDoc } from '../src/orders/model';
import { entryModel } from '../src/points/model';
import { intentModel, notificationModel } from '../src/payments/model';
import type { TestApp } from '../../tests/support/app';

export async function checkoutInvariants(a: TestApp, shoppers: { memberId: string }[]) {
  const Orders = orderModel(a.conn);
  const memberIds = shoppers.map((s) => new Types.ObjectId(s.memberId));
  const orders = await Orders.find({ memberId: { $in: memberIds } }).lean<OrderDoc[]>();
  const notPaid = orders.filter((o) => o.state !== 'paid');
  // A step applies only when the order has something for it (a coupon, points used / earned, growth).
  const stepsOpen = orders.filter(
    (o) =>
      !o.stepsDone ||
      !o.steps ||
      (o.couponId && !o.steps.couponUsed) ||
      ((o.pointsUsed > 0 || o.pointsEarned > 0) && !o.steps.pointsSettled) ||
      (o.growthGained > 0 && !o.steps.growthAdded),
  );
  const intents = await intentModel(a.conn)
    .find({ purpose: 'order', reference: { $in: orders.map((o) => String(o._id)) } })
    .lean();
  const intentsBad = intents.filter((i) => i.state !== 'SUCCESS' || i.paidHook?.state !== 'done');
  const notes = await notificationModel(a.conn)
    .find({ key: { $in: orders.map((o) => `TRANSACTION.SUCCESS:${o.outTradeNo}`) } })
    .lean();
  const redelivered = notes.filter((n) => n.deliveries !== 1).length;
  const simOrders = await Promise.all(orders.map((o) => (o.outTradeNo ? a.sim.pay.order(o.outTradeNo) : undefined)));
  const simPaid = simOrders.filter((o) => o?.state === 'SUCCESS').length;
  const deliveries = (await a.sim.pay.state.deliveries({ event_type: 'TRANSACTION.SUCCESS' })).filter((d) => !d.probe);
  const failedDeliveries = deliveries.filter((d) => d.status !== 200 && d.status !== 204);
  // Each paid effect exactly once per order (earn, capture: one applied entry per order and leg).
  const legs = await entryModel(a.conn).aggregate<{ _id: { reference: string; leg: string }; n: number }>([
    { $match: { memberId: { $in: memberIds }, source: 'order', state: 'applied' } },
    { $group: { _id: { reference: '$reference', leg: '$leg' }, n: { $sum: 1 } } },
  ]);
  const legCount = (leg: string) => legs.filter((l) => l._id.leg === leg).length;
  const legDup = legs.filter((l) => l.n !== 1).length;
  const wantEarn = orders.filter((o) => o.pointsEarned > 0).length;
  const wantCapture = orders.filter((o) => o.pointsUsed > 0).length;
  // Per member: sum of applied entries == balance, sum of held deltas == held, nothing pending or in flight.
  const sums = await entryModel(a.conn).aggregate<{ _id: Types.ObjectId; delta: number; held: number }>([
    { $match: { memberId: { $in: memberIds }, state: 'applied' } },
    { $group: { _id: '$memberId', delta: { $sum: '$delta' }, held: { $sum: '$heldDelta' } } },
  ]);
  const pending = await entryModel(a.conn).countDocuments({ memberId: { $in: memberIds }, state: 'pending' });
  await a.services.points.ledger.repairPending(); // the hot path leaves settled ids in points.inflight for this job to pull
  const members = await memberModel(a.conn)
    .find({ _id: { $in: memberIds } }, { points: 1 })
    .lean<MemberDoc[]>();
  const ledgerBad = members.filter((m) => {
    const s = sums.find((x) => String(x._id) === String(m._id));
    return (
      !s ||
      s.delta !== m.points.balance ||
      s.held !== m.points.held ||
      m.points.held !== 0 ||
      m.points.available !== m.points.balance - m.points.held ||
      (m.points.inflight?.length ?? 0) > 0
    );
  });
  const Coupon = couponModel(a.conn);
  const withCoupon = orders.filter((o) => o.couponId);
  const couponsUsed = await Coupon.countDocuments({ memberId: { $in: memberIds }, state: 'used' });
  const couponsLocked = await Coupon.countDocuments({ memberId: { $in: memberIds }, state: 'locked' });
  const distinctCoupons = new Set(withCoupon.map((o) => String(o.couponId))).size;

  const orderCount = orders.length;
  const checks: [string, boolean, string][] = [
    [
      'every order paid, steps done',
      notPaid.length === 0 && stepsOpen.length === 0,
      `${orderCount} orders, ${notPaid.length} not paid, ${stepsOpen.length} with steps open`,
    ],
    [
      'paid exactly once',
      intents.length === orderCount &&
        intentsBad.length === 0 &&
        simPaid === orderCount &&
        notes.length === orderCount &&
        legDup === 0 &&
        legCount('earn') === wantEarn &&
        legCount('capture') === wantCapture,
      `${intents.length} intents (${intentsBad.length} not SUCCESS/hook done), ${simPaid} paid at WeChat, ${notes.length} notifications stored (${redelivered} redelivered), earn ${legCount('earn')}/${wantEarn}, capture ${legCount('capture')}/${wantCapture}, legs applied twice ${legDup}`,
    ],
    [
      'ledger sum == balance per member',
      ledgerBad.length === 0 && pending === 0,
      `${members.length} members, ${ledgerBad.length} off, ${pending} entries pending`,
    ],
    [
      'coupons used == orders with coupons',
      couponsUsed === withCoupon.length && distinctCoupons === withCoupon.length && couponsLocked === 0,
      `${couponsUsed} used, ${withCoupon.length} orders with a coupon (${distinctCoupons} distinct), ${couponsLocked} still locked`,
    ],
  ];
  return { checks, deliveries, failedDeliveries, orderCount };
}

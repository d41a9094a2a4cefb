/**
 * The hot-path operations of issue #12, each run once against a prepared test
 * app, for the command budget test and `server/bench/commands.ts`:
 * a paid order end to end (quote → create → WeChat Pay notification → every
 * after-paid step), a points spend, a coupon claim, a member card read and
 * booking a seat. The app's connection must have command monitoring on.
 */
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDay, shanghaiInstant } from '@homeclub/shared';
import { countCommands, type CommandCounts } from '../../server/src/platform/db/commands';
import type { TestApp } from './app';
import { http } from './http';

export const OPERATIONS = ['paid order', 'points spend', 'coupon claim', 'member card read', 'booking a seat'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** issue #12's budgets (database commands per operation) */
export const BUDGETS: Record<Operation, number> = { 'paid order': 30, 'points spend': 3, 'coupon claim': 3, 'member card read': 2, 'booking a seat': 4 };

export async function prepareOperations(app: TestApp) {
  const storeId = String((await app.services.stores.upsert({ code: 'C1', name: '徐汇店', city: '上海', address: 'a', phone: '1', location: { lat: 31, lng: 121 } }))._id);
  const admin = await app.login();
  await app.setRoles(admin.member.id, ['member', 'admin']);
  const adminToken = (await app.login(admin.openid)).accessToken;
  const tpl = await app.call('POST', '/api/admin/coupons/templates', {
    token: adminToken,
    body: { name: '满300减50', type: 'full_reduction', amountOffFen: 5000, thresholdFen: 30000, perMemberLimit: 100, validity: { mode: 'relative', days: 30 }, channel: 'claim_center' },
  });
  if (tpl.status !== 201) throw new Error(`template: ${tpl.status} ${JSON.stringify(tpl.body)}`);
  const service = await app.call('PUT', `/api/admin/stores/${storeId}/services/design`, {
    token: adminToken,
    body: { durationMin: 60, intervalMin: 60, horizonDays: 14, leadMinutes: 60, cutoffMinutes: 120, depositFen: 0, capacity: 100 },
  });
  if (service.status !== 200) throw new Error(`service: ${service.status} ${JSON.stringify(service.body)}`);
  const hours = Array.from({ length: 7 }, () => [{ open: '09:00', close: '21:00' }]);
  await app.call('PUT', `/api/admin/stores/${storeId}/profile`, { token: adminToken, body: { hours, closedDates: [], serviceArea: { cities: ['上海'], districts: [] } } });
  const shopper = await app.login();
  await app.services.points.earn({ memberId: shopper.member.id, amount: 1_000_000, reason: 'purchase', source: 'bench', reference: shopper.member.id, leg: 'earn' });
  const counter = countCommands(app.conn);
  const day = addDays(shanghaiDay(app.clock.now()), 2);
  let seq = 0;

  let claimed = 0;
  /** as the mini-program claims: with the count the claim centre shows it (`claimedByMe`) */
  async function claim(): Promise<string> {
    const r = await app.call('POST', '/api/coupons/claim', { token: shopper.accessToken, body: { templateId: tpl.body.id, claimedByMe: claimed } });
    if (r.status !== 201) throw new Error(`claim: ${r.status} ${JSON.stringify(r.body)}`);
    claimed += 1;
    return r.body.id as string;
  }

  const ops: Record<Operation, () => Promise<unknown>> = {
    'paid order': async () => {
      const couponId = await claim();
      return counter.measure(async () => {
        const q = await app.call('POST', '/api/checkout/quote', { token: shopper.accessToken, body: { storeId, billFen: 40000, couponId, points: 1000 } });
        if (q.status !== 200) throw new Error(`quote: ${q.status} ${JSON.stringify(q.body)}`);
        const c = await app.call('POST', '/api/orders', { token: shopper.accessToken, body: { storeId, billFen: 40000, couponId: q.body.couponId, points: q.body.pointsUsed, clientKey: randomUUID() } });
        if (c.status !== 201) throw new Error(`order: ${c.status} ${JSON.stringify(c.body)}`);
        const p = await http(app.sim.payUrl, 'POST', '/control/pay', { body: { out_trade_no: c.body.order.outTradeNo, action: 'confirm' } });
        if (p.status !== 200) throw new Error(`pay: ${p.status}`);
        await app.sim.pay.whenIdle();
        await app.services.payments.whenSettled();
        return c.body.order.id as string;
      });
    },
    'points spend': () =>
      counter.measure(() => app.services.points.spend({ memberId: shopper.member.id, amount: 10, reason: 'checkout', source: 'bench', reference: `spend-${++seq}`, leg: 'spend' })),
    'coupon claim': () => counter.measure(claim),
    'member card read': () =>
      counter.measure(async () => {
        const r = await app.call('GET', '/api/member/card', { token: shopper.accessToken });
        if (r.status !== 200) throw new Error(`card: ${r.status}`);
      }),
    'booking a seat': async () => {
      // A fresh shopper and slot per run (outside the count): a shopper may hold only the chain's maxActive bookings.
      const booker = await app.login();
      const start = shanghaiInstant(day, 9 * 60 + 60 * (seq++ % 11)).toISOString();
      return counter.measure(async () => {
        const r = await app.call('POST', '/api/bookings', { token: booker.accessToken, body: { serviceId: service.body.id, start, name: '王女士', phone: '13800138000', clientKey: randomUUID() } });
        if (r.status !== 201) throw new Error(`booking: ${r.status} ${JSON.stringify(r.body)}`);
      });
    },
  };

  return {
    counter,
    shopper,
    /** Run an operation once and return what it cost. */
    async run(op: Operation): Promise<CommandCounts> {
      const out = (await ops[op]()) as { counts: CommandCounts };
      return out.counts;
    },
  };
}

/**
 * The simulator's own pages and controls: the payer's cashier page, the
 * console, and /control/* for tests and the H5 demo (the payer confirms,
 * faults, key mode, refund outcomes, settling, flushing retries, the clock).
 */
import type Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import { controlError, readControlBody } from './api-kit';
import { publicBase } from './api-routes';
import { renderPayConsole } from './console';
import { rfc3339Shanghai } from './format';
import { renderPayerPage } from './payer-page';
import { refundShape } from './refunds';
import type { PaySimState } from './state';
import { API_FAULTS, API_NAMES, NOTIFY_FAULTS, type SimOrder } from './types';
import { PayError } from './validate';

type Ctx = Koa.Context;

export function payControlRoutes(r: Router, sim: PaySimState, prefix: string): void {
  const state = sim.ctx;
  // ---- payer page and console ---------------------------------------------
  r.get('/payer', async (ctx) => {
    const page = await renderPayerPage(sim, prefix, ctx.query.prepay_id, ctx.query.return);
    ctx.status = page.status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = page.html;
  });

  r.get('/', async (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = await renderPayConsole(sim, prefix);
  });

  // ---- control (tests, demo) ----------------------------------------------
  const control = (handler: (ctx: Ctx, body: () => Promise<unknown>) => unknown) => async (ctx: Ctx) => {
    try {
      const result = await handler(ctx, () => readControlBody(ctx));
      if (result !== undefined) ctx.body = result;
    } catch (err) {
      controlError(ctx, err);
    }
  };
  const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const res = schema.safeParse(value);
    if (!res.success)
      throw new PayError(
        400,
        'PARAM_ERROR',
        res.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    return res.data;
  };

  const orderView = async (ctx: Ctx, o: SimOrder) => {
    const latest = o.prepay_ids[o.prepay_ids.length - 1];
    return {
      ...(await sim.orders.queryShape(o)),
      description: o.description,
      notify_url: o.notify_url,
      time_expire: o.time_expire,
      prepay_ids: o.prepay_ids,
      payer_url: latest ? `${publicBase(state, ctx, prefix)}/payer?prepay_id=${encodeURIComponent(latest)}` : undefined,
      closed_reason: o.closed_reason,
      paid_after_close: o.paid_after_close ?? false,
      cancels: o.cancels,
      refunds: o.refund_nos,
    };
  };

  r.post(
    '/control/pay',
    control(async (ctx, body) => {
      const b = parse(
        z.object({
          out_trade_no: z.string().min(1).optional(),
          prepay_id: z.string().min(1).optional(),
          action: z.enum(['confirm', 'cancel']).default('confirm'),
          force: z.boolean().optional(),
        }),
        await body(),
      );
      const o = await sim.orders.payerAction(b);
      return { order: await orderView(ctx, o) };
    }),
  );

  r.get(
    '/control/orders',
    control(async (ctx) => {
      const no = ctx.query.out_trade_no;
      const docs = await state.orders.find(typeof no === 'string' && no ? { _id: no } : {}).sort({ seq: 1 }).toArray();
      return { items: await Promise.all(docs.map(async (o) => orderView(ctx, await sim.orders.refresh(o)))) };
    }),
  );

  r.get(
    '/control/refunds',
    control(async (ctx) => {
      const no = ctx.query.out_trade_no;
      const docs = typeof no === 'string' && no ? await sim.refunds.of(no) : await state.refunds.find({}).sort({ seq: 1 }).toArray();
      return { items: docs.map((x) => ({ ...refundShape(x), reason: x.reason, notify_url: x.notify_url })) };
    }),
  );

  r.get(
    '/control/deliveries',
    control(async (ctx) => {
      const q = ctx.query as Record<string, unknown>;
      const f: Record<string, string> = {};
      for (const k of ['out_trade_no', 'out_refund_no', 'event_type', 'event_id']) if (typeof q[k] === 'string' && q[k]) f[k] = q[k] as string;
      return {
        items: await sim.deliveries(f),
        notifications: (await sim.notifications(f))
          .map((n) => ({
            id: n.id,
            event_type: n.event_type,
            out_trade_no: n.out_trade_no,
            out_refund_no: n.out_refund_no,
            url: n.url,
            status: n.status,
            attempts: n.attempts,
            next_at: n.next_at,
          })),
      };
    }),
  );

  const faultSchema = z.object({
    fault: z.enum([...API_FAULTS, ...NOTIFY_FAULTS]).optional(),
    mode: z.enum([...API_FAULTS, ...NOTIFY_FAULTS]).optional(),
    api: z.enum(API_NAMES).optional(),
    times: z.number().int().min(1).max(100_000).nullable().optional(),
    out_trade_no: z.string().min(1).optional(),
    out_refund_no: z.string().min(1).optional(),
    event_type: z.string().min(1).optional(),
    copies: z.number().int().min(2).max(50).optional(),
    ms: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600_000)
      .optional(),
  });

  r.post(
    '/control/faults',
    control(async (_ctx, body) => {
      const b = parse(faultSchema, await body());
      const type = b.fault ?? b.mode;
      if (!type) throw new PayError(400, 'PARAM_ERROR', 'fault 为必填参数');
      const isApi = (API_FAULTS as readonly string[]).includes(type);
      if (isApi && !b.api) throw new PayError(400, 'PARAM_ERROR', `${type} 是接口故障，需要 api（${API_NAMES.join('/')}）`);
      if (!isApi && b.api) throw new PayError(400, 'PARAM_ERROR', `${type} 是通知故障，不能指定 api`);
      const fault = state.addFault({
        type,
        api: b.api,
        out_trade_no: b.out_trade_no,
        out_refund_no: b.out_refund_no,
        event_type: b.event_type,
        copies: b.copies,
        ms: b.ms,
        remaining: b.times ?? null,
      });
      return { fault, faults: state.faults };
    }),
  );

  r.get(
    '/control/faults',
    control(() => ({ faults: state.faults })),
  );

  r.delete(
    '/control/faults',
    control((ctx) => {
      const id = ctx.query.id;
      state.clearFaults(typeof id === 'string' && id ? Number(id) : undefined);
      return { faults: state.faults };
    }),
  );

  r.post(
    '/control/key-mode',
    control(async (_ctx, body) => {
      const b = parse(z.object({ mode: z.enum(['public_key', 'certificate']) }), await body());
      state.keyMode = b.mode;
      return { mode: state.keyMode, serial: state.signer().serial };
    }),
  );

  r.post(
    '/control/refund-outcome',
    control(async (_ctx, body) => {
      const b = parse(
        z.object({
          status: z.enum(['SUCCESS', 'CLOSED', 'ABNORMAL']),
          out_refund_no: z.string().min(1).optional(),
          times: z.number().int().min(1).nullable().optional(),
        }),
        await body(),
      );
      state.setRefundOutcome(b.status, { out_refund_no: b.out_refund_no, times: b.times });
      return { default: state.refundOutcome, by_out_refund_no: Object.fromEntries(state.refundOutcomeByNo) };
    }),
  );

  r.post(
    '/control/settle-refunds',
    control(async (_ctx, body) => {
      const b = parse(z.object({ out_refund_no: z.string().min(1).optional(), wait: z.boolean().optional() }), await body());
      const settled = await sim.refunds.settleAll(b.out_refund_no);
      if (b.wait) await sim.notifier.idle();
      return { settled };
    }),
  );

  r.post(
    '/control/flush',
    control(async () => {
      const ran = await sim.notifier.flush();
      return { ran, pending: await sim.notifier.pending() };
    }),
  );

  r.post(
    '/control/clock',
    control(async (_ctx, body) => {
      const b = parse(
        z.object({ offset_ms: z.number().int().optional(), advance_ms: z.number().int().optional() }),
        await body(),
      );
      if (b.offset_ms !== undefined) state.clockOffsetMs = b.offset_ms;
      if (b.advance_ms !== undefined) state.clockOffsetMs += b.advance_ms;
      return { offset_ms: state.clockOffsetMs, now: rfc3339Shanghai(state.now()) };
    }),
  );

  r.post(
    '/control/reset',
    control(async () => {
      await sim.reset();
      return { ok: true };
    }),
  );

  r.get(
    '/control/stats',
    control(async () => ({
      calls: state.calls,
      orders: await state.orders.countDocuments({}),
      refunds: await state.refunds.countDocuments({}),
      notifications: await state.notifications.countDocuments({}),
      deliveries: await state.deliveries.countDocuments({}),
      pending_retries: await sim.notifier.pending(),
      key_mode: state.keyMode,
      faults: state.faults,
    })),
  );
}

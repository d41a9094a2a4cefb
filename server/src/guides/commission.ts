/**
 * 导购提成: a paid order's commission is recorded on its credit at payment (one per
 * order: the credit's `_id` is the order), pending until its refund window has passed;
 * a refund before settlement reduces it in proportion (attribution.ts, in the same
 * guarded update as the credit's reversal). The monthly settlement job moves due
 * commissions pending → settled (guarded on the reductions it read, so a refund racing
 * it either reduced first or finds it settled) and applies each as an entry of the
 * effects engine (platform/effects/entries.ts) to the guide's settlement of the month:
 * one document per guide × month (`_id` derived from both), moved once per entry key.
 * A refund after settlement is a clawback entry against the settlement of the month it
 * happens in — the next one. A month is closed after it ended and once nothing due is
 * left for it; a negative month is carried into the next one by a keyed entry. An entry
 * that finds its month closed (a late runner) moves on to the next open month, so
 * nothing is lost or counted twice; a crash anywhere is finished by the next run.
 */
import { Types } from 'mongoose';
import type { CommissionMonth, GuideCommission } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { isDuplicateKey } from '../platform/errors';
import { createEntryEngine, type EntryWrite, type TargetStore } from '../platform/effects/entries';
import type { OrderDoc } from '../orders/service';
import type { CreditDoc, GuideModels } from './model';
import type { CommissionEntryDoc, CommissionModels, SettlementDoc } from './commission-model';
import type { CommissionSettingsStore } from './commission-settings';
import type { GuideDays } from './days';
import { closeFigures, commissionAmount, commissionBp, monthOf, monthStart, nextMonth, previousMonth, settlementId } from './commission.calc';

type Commission = NonNullable<CreditDoc['commission']>;

export function createCommission(deps: {
  models: GuideModels & CommissionModels;
  clock: Clock;
  logger: Logger;
  settings: CommissionSettingsStore;
  days: GuideDays;
}) {
  const { Credit, Settlement, Entry } = deps.models;
  let failpoint: ((write: EntryWrite, e: CommissionEntryDoc) => void) | null = null;

  /** The settlements as the engine's target: the first entry of a month creates its document (an upsert; a racing insert retries). */
  const target: TargetStore<SettlementDoc> = {
    findById: (id, projection) => Settlement.findById(id, projection ?? null).lean<SettlementDoc>(),
    find: (filter, o = {}) =>
      Settlement.find(filter as never, o.projection ?? null)
        .sort(o.sort ?? {})
        .limit(o.limit ?? 0)
        .lean<SettlementDoc[]>(),
    async findOneAndUpdate(filter, update, projection) {
      try {
        return await Settlement.findOneAndUpdate(filter as never, update as never, {
          upsert: true,
          setDefaultsOnInsert: false,
          returnDocument: 'after',
          lean: true,
          ...(projection ? { projection } : {}),
        });
      } catch (err) {
        if (isDuplicateKey(err)) return null; // it exists (closed, in flight, or inserted by a twin): the engine reads it
        throw err;
      }
    },
    updateOne: (filter, update) => Settlement.updateOne(filter as never, update as never),
    // The batch path (entries-batch.ts) is not used for commission; if it were, each update keeps the upsert above.
    async bulkUpdate(ops) {
      let changed = 0;
      for (const o of ops) if (await target.findOneAndUpdate(o.filter, o.update)) changed += 1;
      return changed;
    },
  };
  const field = { commission: 'commissionFen', clawback: 'clawbackFen', carry: 'carryInFen' } as const;
  const count = { commission: 'orders', clawback: 'clawbacks', carry: null } as const;

  const engine = createEntryEngine<CommissionEntryDoc, SettlementDoc>({
    Entry,
    keyIndex: 'guide_commission_entries_key_unique',
    Target: target,
    inflight: 'inflight',
    targetId: (e) => new Types.ObjectId(settlementId(String(e.guideId), e.period)),
    effect: (e) => {
      const inc: Record<string, number> = { commissionFen: 0, orders: 0, clawbackFen: 0, clawbacks: 0, carryInFen: 0 };
      inc[field[e.kind]] = e.fen;
      const n = count[e.kind];
      if (n) inc[n] = 1;
      return {
        guard: { state: 'open' },
        update: {
          $inc: inc,
          $set: { guideId: e.guideId, period: e.period },
          $setOnInsert: { payableFen: null, carryOutFen: 0, carried: false, closedAt: null },
        },
      };
    },
    projection: { state: 1 },
    // Closed before this entry arrived: it belongs to the next open month. Otherwise a twin inserted the month first: again.
    refused: (e, t) => ({ retry: { period: t?.state === 'closed' ? nextMonth(e.period) : e.period } }),
    settled: () => ({}),
    clock: deps.clock,
    logger: deps.logger,
    failpoint: (w, e) => failpoint?.(w, e),
  });

  const entry = (c: { _id: Types.ObjectId; guideId: Types.ObjectId }, kind: CommissionEntryDoc['kind'], key: string, period: string, fen: number, refundNo: string | null = null) =>
    engine.apply({ key, guideId: c.guideId, period, kind, fen, orderId: kind === 'carry' ? null : c._id, refundNo });

  /** A due commission → settled (net of reductions) into `period`, or cancelled when nothing is left; then entered. */
  async function settleOne(c: CreditDoc, period: string): Promise<void> {
    const k = c.commission!;
    const net = k.fen - k.reducedFen;
    const moved = await Credit.findOneAndUpdate(
      { _id: c._id, 'commission.state': 'pending', 'commission.reducedFen': k.reducedFen },
      { $set: { 'commission.state': net > 0 ? 'settled' : 'cancelled', 'commission.settledFen': Math.max(0, net), 'commission.period': period, 'commission.entered': net <= 0 } },
      { returnDocument: 'after', lean: true },
    );
    if (moved && net > 0) await enter(moved as CreditDoc); // else a refund changed it meanwhile: the next run
  }

  async function enter(c: CreditDoc): Promise<void> {
    const k = c.commission!;
    const e = await entry(c, 'commission', `c:${c._id}`, k.period!, k.settledFen);
    await Credit.updateOne({ _id: c._id }, { $set: { 'commission.entered': true, 'commission.period': e.period } });
  }

  /** Close an ended month (guarded on the figures read); a negative one carries into the next month. */
  async function close(s: SettlementDoc): Promise<void> {
    const f = closeFigures(s);
    const closed = await Settlement.findOneAndUpdate(
      { _id: s._id, state: 'open', commissionFen: s.commissionFen, clawbackFen: s.clawbackFen, carryInFen: s.carryInFen },
      { $set: { state: 'closed', payableFen: f.payableFen, carryOutFen: f.carryOutFen, carried: f.carryOutFen === 0, closedAt: deps.clock.now() } },
      { returnDocument: 'after', lean: true },
    );
    if (closed) await carry(closed as SettlementDoc);
  }

  async function carry(s: SettlementDoc): Promise<void> {
    if (s.carried) return;
    await entry({ _id: s._id, guideId: s.guideId }, 'carry', `carry:${s._id}`, nextMonth(s.period), s.carryOutFen);
    await Settlement.updateOne({ _id: s._id }, { $set: { carried: true } });
  }

  return {
    /** Paid step: the commission of an order credited to a guide (undefined: rules off or nothing earned). */
    async draft(o: OrderDoc, paidAt: Date): Promise<Commission | undefined> {
      const s = await deps.settings.get();
      const bp = commissionBp(s, String(o.storeId));
      const fen = commissionAmount(o.cashFen, bp);
      if (fen <= 0) return undefined;
      const settleAt = new Date(paidAt.getTime() + s.refundWindowDays * 86400_000);
      return { bp, fen, reducedFen: 0, clawedFen: 0, state: 'pending', settleAt, settledFen: 0, period: null, entered: false };
    },

    /** Refund after settlement: its clawback against the settlement of the month it happened in (once per refund). */
    async clawBack(c: CreditDoc, r: { refundNo: string; at: Date; clawFen?: number }): Promise<void> {
      if (r.clawFen && r.clawFen > 0) await entry(c, 'clawback', `k:${c._id}:${r.refundNo}`, monthOf(r.at), r.clawFen, r.refundNo);
    },

    /**
     * Job: settle the commissions whose refund window ended before this month into last month, close the months
     * that ended (once nothing due is left), carry negative months on. Idempotent and resumable; returns the work done.
     */
    async settle(limit = 500): Promise<number> {
      const now = deps.clock.now();
      const open = monthOf(now);
      const closing = previousMonth(open);
      let complete = true;
      let n = 0;
      const each = async <T>(items: T[], fn: (x: T) => Promise<void>) => {
        if (items.length >= limit) complete = false;
        for (const x of items) {
          try {
            await fn(x);
            n += 1;
          } catch (err) {
            complete = false;
            deps.logger.warn({ err: (err as Error).message }, 'guide commission step not finished');
          }
        }
      };
      const due = await Credit.find({ 'commission.state': 'pending', 'commission.settleAt': { $lt: monthStart(open) } }).limit(limit).lean<CreditDoc[]>();
      await each(due, (c) => settleOne(c, closing));
      await each(await Credit.find({ 'commission.state': 'settled', 'commission.entered': false }).limit(limit).lean<CreditDoc[]>(), enter);
      await each(await Settlement.find({ state: 'closed', carried: false }).limit(limit).lean<SettlementDoc[]>(), carry);
      if (!complete) return n; // months close only when nothing due is left for them
      const ended = await Settlement.find({ state: 'open', period: { $lt: open } }).sort({ period: 1 }).limit(limit).lean<SettlementDoc[]>();
      await each(ended, close);
      return n;
    },
    repairPending: (olderThanMs = 60_000) => engine.repairPending(olderThanMs),

    /** A guide's commission: pending (earned, not settled) and the last 6 months. */
    async summary(guideId: string, storeId: string): Promise<GuideCommission> {
      const s = await deps.settings.get();
      const now = deps.clock.now();
      const [days, settlements] = await Promise.all([
        deps.days.daysUpTo(guideId, '9999-12-31'),
        Settlement.find({ guideId: new Types.ObjectId(guideId) }, { inflight: 0 }).lean<SettlementDoc[]>(),
      ]);
      const earned = new Map<string, number>();
      for (const d of days) {
        const p = d.day.slice(0, 7);
        earned.set(p, (earned.get(p) ?? 0) + (d.commissionFen ?? 0) - (d.commissionReducedFen ?? 0));
      }
      const byPeriod = new Map(settlements.map((x) => [x.period, x]));
      const periods = [...new Set([...earned.keys(), ...byPeriod.keys(), monthOf(now)])].sort().reverse();
      const months: CommissionMonth[] = periods
        .map((period) => {
          const x = byPeriod.get(period);
          return {
            period,
            earnedFen: earned.get(period) ?? 0,
            settledFen: x?.commissionFen ?? 0,
            clawbackFen: x?.clawbackFen ?? 0,
            carryInFen: x?.carryInFen ?? 0,
            payableFen: x?.state === 'closed' ? (x.payableFen ?? 0) : null,
            state: x?.state ?? 'open',
          };
        })
        .filter((m, i) => i === 0 || m.earnedFen || m.settledFen || m.clawbackFen || m.carryInFen)
        .slice(0, 6);
      const totalEarned = [...earned.values()].reduce((a, b) => a + b, 0);
      const totalSettled = settlements.reduce((a, x) => a + (x.commissionFen ?? 0), 0);
      return {
        active: s.active,
        bp: commissionBp({ ...s, active: true }, storeId),
        refundWindowDays: s.refundWindowDays,
        pendingFen: totalEarned - totalSettled,
        months,
      };
    },
    /** Every guide's settlement of one month (console; few documents per month). */
    ofMonth: (period: string) => Settlement.find({ period }, { inflight: 0 }).limit(2000).lean<SettlementDoc[]>(),
    settlement: (guideId: string, period: string) => Settlement.findById(new Types.ObjectId(settlementId(guideId, period))).lean<SettlementDoc>(),
    setFailpoint(fn: typeof failpoint) {
      failpoint = fn;
    },
  };
}
export type GuideCommissionService = ReturnType<typeof createCommission>;

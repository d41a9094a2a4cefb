/**
 * Pure commission (提成) rules, table-tested in tests/server/guides-commission-rules.test.ts:
 * the share that applies to a store, the amount (rounded DOWN to the fen: a guide is
 * never paid a fraction the chain did not receive), a refund's share of it (the same
 * proportional rule as the credit), Shanghai months, the settlement id and the close.
 */
import { createHash } from 'node:crypto';
import { shanghaiDay, type CommissionSettings } from '@homeclub/shared';
import { creditReversal } from './rules';

export const DEFAULT_COMMISSION_SETTINGS: CommissionSettings = { active: false, bp: 100, stores: [], refundWindowDays: 7 };

/** The share (basis points) for an order paid at `storeId`: the store's own, else the chain's; 0 while inactive. */
export function commissionBp(s: CommissionSettings, storeId: string): number {
  if (!s.active) return 0;
  return s.stores.find((x) => x.storeId === storeId)?.bp ?? s.bp;
}

/** floor(cash × bp / 10000) in integer fen; 0 for nothing paid. */
export function commissionAmount(cashFen: number, bp: number): number {
  if (cashFen <= 0 || bp <= 0) return 0;
  return Number((BigInt(cashFen) * BigInt(bp)) / 10000n);
}

/** A refund's share of a commission: as the credit's (rounded down, the exact remainder on the refund completing the basis). */
export function commissionReduction(
  commissionFen: number,
  share: { weight: number; weights: number[]; basis: number; full: boolean },
): number {
  return creditReversal(commissionFen, share);
}

/** YYYY-MM of an instant in Asia/Shanghai. */
export function monthOf(at: Date): string {
  return shanghaiDay(at).slice(0, 7);
}

export function nextMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function previousMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The first instant of a Shanghai month. */
export function monthStart(period: string): Date {
  return new Date(Date.parse(`${period}-01T00:00:00.000Z`) - 8 * 3600_000);
}

/** The settlement document of a guide × month: its `_id` derived from both (so the key is the `_id`). */
export function settlementId(guideId: string, period: string): string {
  return createHash('sha256').update(`guide-settlement:${guideId}:${period}`).digest('hex').slice(0, 24);
}

/** Closing a month: what it pays (never negative) and what it carries into the next month (≤ 0). */
export function closeFigures(s: { commissionFen: number; clawbackFen: number; carryInFen: number }): {
  payableFen: number;
  carryOutFen: number;
} {
  const net = s.commissionFen - s.clawbackFen + s.carryInFen;
  return { payableFen: Math.max(0, net), carryOutFen: Math.min(0, net) };
}

/**
 * 收银 (till) bill and quote logic, apart from the page: the bill from one
 * amount or item lines, and the quote for a coupon choice (auto = ask which
 * coupon is best, then price with it) and a points choice.
 */
import type { QuoteResponse } from '@homeclub/shared';
import { call } from './api';
import { MAX_BILL_FEN, parseAmount } from './checkout';

/** auto: the best coupon for the bill; picked: the clerk's choice (null = 不使用优惠券). */
export type CouponChoice = { mode: 'auto' } | { mode: 'picked'; id: string | null };
/** off: no points; max: as many as allowed; a number: the slider's choice. */
export type PointsChoice = 'off' | 'max' | number;

export interface LineDraft {
  id: string;
  name: string;
  amountText: string;
}

export interface TillLine {
  id: string;
  name: string;
  amountFen: number;
}

export interface Bill {
  fen: number | null;
  error: string | null;
  lines?: TillLine[];
}

export const choiceKey = (c: CouponChoice) => (c.mode === 'auto' ? 'auto' : (c.id ?? 'none'));
export const pointsParam = (p: PointsChoice): number | 'max' => (p === 'off' ? 0 : p);

export interface QuoteBase {
  storeId: string;
  memberToken: string;
  billFen: number;
  lines?: TillLine[];
}

/** `stale()` says the inputs changed meanwhile: the second step of an auto quote is then not asked for. */
export async function fetchQuote(base: QuoteBase, choice: CouponChoice, points: PointsChoice, stale: () => boolean): Promise<QuoteResponse> {
  const p = pointsParam(points);
  if (choice.mode === 'picked') {
    return call('staffTillQuote', { body: { ...base, couponId: choice.id, points: p }, toast: false });
  }
  // auto: ask which coupon is best, then price the bill with it
  const first = await call('staffTillQuote', { body: { ...base, points: p }, toast: false });
  if (!first.bestCouponId || stale()) return first;
  return call('staffTillQuote', { body: { ...base, couponId: first.bestCouponId, points: p }, toast: false });
}

export function billOf(linesMode: boolean, amountText: string, drafts: LineDraft[]): Bill {
  if (!linesMode) {
    const a = parseAmount(amountText);
    return { fen: a.fen, error: a.error };
  }
  const lines: TillLine[] = [];
  let incomplete = false;
  for (const [i, d] of drafts.entries()) {
    const a = parseAmount(d.amountText);
    if (a.error) return { fen: null, error: `第 ${i + 1} 件：${a.error}` };
    if (a.fen === null) incomplete = true;
    else lines.push({ id: d.id, name: d.name.trim().slice(0, 40), amountFen: a.fen });
  }
  if (incomplete || lines.length === 0) return { fen: null, error: null };
  const total = lines.reduce((sum, l) => sum + l.amountFen, 0);
  if (total > MAX_BILL_FEN) return { fen: null, error: '单笔金额不能超过 ¥1,000,000' };
  return { fen: total, error: null, lines };
}

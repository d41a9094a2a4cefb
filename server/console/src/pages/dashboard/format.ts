/** Display helpers of 概览: fen as ¥, basis points as %, the change against the previous period. */
import { formatFen } from '@homeclub/shared';

export const yuan = (fen: number) => formatFen(fen);
/** ¥ in 万 for large axis labels (display only; the figures stay integer fen). */
export const yuanShort = (fen: number) => (Math.abs(fen) >= 1_000_000 ? `¥${(fen / 1_000_000).toFixed(1)}万` : `¥${Math.round(fen / 100)}`);
export const percentBp = (bp: number) => `${(bp / 100).toFixed(1)}%`;
export const count = (n: number) => n.toLocaleString('zh-CN');

/** "↑ 12.5%" / "↓ 3.0%" / "—" (no previous figure), and whether the change is good. */
export function changeText(changePct: number | null, lowerIsBetter = false): { text: string; tone: 'up' | 'down' | 'flat' } {
  if (changePct === null) return { text: '—', tone: 'flat' };
  if (changePct === 0) return { text: '0%', tone: 'flat' };
  const good = lowerIsBetter ? changePct < 0 : changePct > 0;
  return { text: `${changePct > 0 ? '↑' : '↓'} ${Math.abs(changePct).toFixed(1)}%`, tone: good ? 'up' : 'down' };
}

/** Pure referral rules: reward amounts and whether an order qualifies. */
import type { ReferralSettings } from '@homeclub/shared';

/** fixed + bp of the cash paid, rounded down; 0 for nothing paid. */
export function rewardAmount(level: { fixed: number; bp: number }, cashFen: number): number {
  if (cashFen <= 0) return 0;
  return level.fixed + Number((BigInt(cashFen) * BigInt(level.bp)) / 10000n);
}

/** Does an order paid at `paidAt` by a friend bound at `boundAt` qualify (besides first-order uniqueness)? */
export function qualifies(s: Pick<ReferralSettings, 'mode' | 'withinDays'>, boundAt: Date, paidAt: Date): boolean {
  if (paidAt.getTime() < boundAt.getTime()) return false;
  if (s.mode === 'first_order') return true;
  return paidAt.getTime() <= boundAt.getTime() + s.withinDays * 86400_000;
}

/** The reward key: one per friend (first order) or per order, per level. */
export function rewardKey(s: Pick<ReferralSettings, 'mode'>, friendId: string, orderId: string, level: 1 | 2): string {
  return s.mode === 'first_order' ? `first:${friendId}:L${level}` : `order:${orderId}:L${level}`;
}

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** A random invite code of `length` characters without look-alikes. */
export function newInviteCode(random: (n: number) => number, length = 6): string {
  return Array.from({ length }, () => CODE_ALPHABET[random(CODE_ALPHABET.length)]).join('');
}

/** A masked name for lists others see: 陈* / L***. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return `${chars[0] ?? ''}*`;
  return `${chars[0]}${'*'.repeat(Math.min(3, chars.length - 1))}`;
}

export function describeRewards(s: ReferralSettings): string {
  const unit = s.rewardKind === 'points' ? '积分' : '元佣金';
  const part = (l: { fixed: number; bp: number }) => {
    const fixed = s.rewardKind === 'points' ? `${l.fixed} 积分` : `¥${(l.fixed / 100).toFixed(2)}`;
    return [l.fixed ? fixed : '', l.bp ? `实付金额的 ${(l.bp / 100).toFixed(l.bp % 100 ? 2 : 0)}%${s.rewardKind === 'points' ? `（实付每 ¥100 得 ${l.bp} 积分）` : ''}` : ''].filter(Boolean).join(' + ') || `0 ${unit}`;
  };
  const when = s.mode === 'first_order' ? '好友首单支付后' : `好友注册 ${s.withinDays} 天内每笔支付后`;
  return `${when}，您获得 ${part(s.level1)}${s.level2 ? `；您的邀请人获得 ${part(s.level2)}` : ''}。奖励在支付 ${s.refundWindowDays} 天后（退款期结束）到账。`;
}

/** Chinese names of coupon types and channels, and a one-line description of a template's terms. */
import { formatFen, type TemplateView } from '@homeclub/shared';

export const TYPE_NAMES: Record<string, string> = { full_reduction: '满减券', discount: '折扣券', no_threshold: '无门槛券', exchange: '兑换券' };
export const CHANNEL_NAMES: Record<string, string> = {
  claim_center: '领券中心',
  new_member: '新人礼',
  birthday: '生日礼',
  points_exchange: '积分兑换',
  admin_issue: '后台发放',
  referral: '邀请有礼',
  campaign: '营销活动',
};

export function termsOf(t: Pick<TemplateView, 'type' | 'amountOffFen' | 'thresholdFen' | 'percentOffBp' | 'maxDiscountFen' | 'exchangeItem'>): string {
  if (t.type === 'full_reduction') return `满 ${formatFen(t.thresholdFen)} 减 ${formatFen(t.amountOffFen ?? 0)}`;
  if (t.type === 'no_threshold') return `立减 ${formatFen(t.amountOffFen ?? 0)}`;
  if (t.type === 'discount') return `${(10000 - (t.percentOffBp ?? 0)) / 1000} 折，最高减 ${formatFen(t.maxDiscountFen ?? 0)}${t.thresholdFen ? `，满 ${formatFen(t.thresholdFen)} 可用` : ''}`;
  return `兑换：${t.exchangeItem ?? ''}`;
}

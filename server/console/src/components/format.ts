/** Display helpers: fen as ¥ (exact, from shared), times in Asia/Shanghai whatever the browser's zone (shanghai.ts). */
import { formatFen } from '@homeclub/shared';
import { dayOf, wallOf } from './shanghai';

export const yuan = (fen: number) => formatFen(fen);
export const time = (iso: string | null | undefined) => (iso ? wallOf(iso).format('YYYY-MM-DD HH:mm') : '—');
export const day = (iso: string | null | undefined) => (iso ? dayOf(iso) : '—');

export const ORDER_STATE: Record<string, { text: string; color: string }> = {
  pending_payment: { text: '待支付', color: 'orange' },
  paid: { text: '已支付', color: 'green' },
  refunded: { text: '已退款', color: 'red' },
  cancelled: { text: '已取消', color: 'default' },
  expired: { text: '已过期', color: 'default' },
};
export const BOOKING_STATE: Record<string, { text: string; color: string }> = {
  pending_payment: { text: '待付定金', color: 'orange' },
  booked: { text: '已预约', color: 'blue' },
  attended: { text: '已到店', color: 'green' },
  no_show: { text: '爽约', color: 'red' },
  cancelled: { text: '已取消', color: 'default' },
  expired: { text: '已失效', color: 'default' },
};
export const COUPON_STATE: Record<string, string> = { available: '可用', locked: '已锁定', used: '已使用', expired: '已过期' };
export const TIERS = [
  { value: 'normal', label: '普通会员' },
  { value: 'silver', label: '银卡' },
  { value: 'gold', label: '金卡' },
  { value: 'diamond', label: '钻石卡' },
];
export const POINTS_KIND: Record<string, string> = {
  earn: '获得',
  spend: '使用',
  hold: '冻结',
  release: '解冻',
  capture: '扣除',
  expire: '过期',
  reversal: '冲回',
  adjust: '调整',
};

/** Chinese names of codes that both UIs show (the mini-program and the console): one table each, here. */
import type { OrderRefundView, OrderView } from './schemas/checkout';

const POINTS_REASONS: Record<string, string> = {
  signup: '注册奖励',
  purchase: '消费积分',
  birthday: '生日礼',
  booking: '到店奖励',
  referral: '推荐奖励',
  admin: '人工调整',
  checkout: '积分抵现',
  coupon_exchange: '兑换优惠券',
  expire: '积分过期',
  refund: '退款退回',
  refund_clawback: '退款扣回',
  owed: '抵扣欠还积分',
};

/** The reason of a points entry in Chinese; unknown reasons as they are. */
export function pointsReasonText(reason: string): string {
  return Object.prototype.hasOwnProperty.call(POINTS_REASONS, reason) ? POINTS_REASONS[reason] : reason;
}

/** A refund's WeChat Pay state, as the shopper and the operator read it. */
export const REFUND_STATE_TEXT: Record<OrderRefundView['state'], string> = {
  CREATED: '退款中',
  PROCESSING: '退款中',
  SUCCESS: '已退款',
  CLOSED: '退款失败',
  FAILED: '退款失败',
  ABNORMAL: '退款异常',
};

/** Where an order was made. */
export const ORDER_CHANNEL_TEXT: Record<OrderView['channel'], string> = {
  miniapp: '优惠买单',
  till: '门店收银',
  pos: '门店POS',
};

/** How an order was paid. */
export const ORDER_SETTLEMENT_TEXT: Record<OrderView['settlement'], string> = {
  wechat: '微信支付',
  other: '现金/刷卡',
  none: '无需支付（券和积分全额抵扣）',
};

/** The audit trail in Chinese: action names, and values shown short (money as ¥, images and long text cut). */
import { yuan } from './format';

const ACTIONS: Record<string, string> = {
  'booking.check_in': '预约签到',
  'booking.no_show': '标记爽约',
  'booking.service': '修改预约服务',
  'console.export': '导出数据',
  'console.login': '登录后台',
  'console.logout': '退出后台',
  'content.home.publish': '发布首页',
  'content.home.save': '保存首页草稿',
  'coupon.issue': '发券',
  'coupon.verification.undo': '撤销核销',
  'coupon_template.create': '新建优惠券',
  'coupon_template.update': '修改优惠券',
  'guide.commission': '修改提成',
  'guide.create': '新增导购',
  'guide.customer.view': '导购查看客户',
  'guide.customers.view': '查看导购客户',
  'guide.leave': '导购离职',
  'guide.settings': '导购设置',
  'guide.transfer': '转移客户',
  'image.upload': '上传图片',
  'insight.campaign.create': '新建营销活动',
  'insight.campaign.status': '营销活动状态',
  'insight.settings': '会员洞察设置',
  'member_code.resolve': '扫会员码',
  'membership.settings': '会员设置',
  'messages.settings': '消息模板设置',
  'messages.test': '测试发送消息',
  'order.cancel': '取消订单',
  'order.refund': '订单退款',
  'points.adjust': '调整积分',
  'points.adjust-approve': '批准积分调整',
  'points.adjust-reject': '驳回积分调整',
  'points.adjust-request': '申请积分调整',
  'points.adjust-settings': '积分审批设置',
  'pos.commit': 'POS 入账',
  'pos_key.create': '新建 POS 密钥',
  'pos_key.revoke': '吊销 POS 密钥',
  'referral.lead': '合伙人报备',
  'referral.partner-approve': '批准合伙人',
  'referral.partner-reject': '驳回合伙人',
  'referral.settings': '合伙人设置',
  'staff.create': '新增员工',
  'staff.remove': '移除员工',
  'staff.role': '修改员工角色',
  'store.create': '新建门店',
  'store.profile': '修改门店资料',
  'store.update': '修改门店',
  'till.order': '收银下单',
};

/** 「发布首页」 for content.home.publish; an unknown action as it is. */
export const actionText = (action: string): string => (Object.prototype.hasOwnProperty.call(ACTIONS, action) ? ACTIONS[action] : action);

const MAX = 120;

/** A value of the trail, short: amounts in fen (keys ending in Fen) as ¥, data: URLs as （图片）, long text cut. */
export function auditValue(v: unknown, key = ''): string {
  if (v === undefined || v === null) return '—';
  if (/Fen$/.test(key) && typeof v === 'number') return yuan(v);
  const text = typeof v === 'string' ? v : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' && x.startsWith('data:') ? '（图片）' : x));
  if (text.startsWith('data:')) return '（图片）';
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}

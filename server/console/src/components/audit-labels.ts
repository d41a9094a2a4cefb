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
  'coupon_template.pause': '暂停优惠券',
  'coupon_template.resume': '恢复优惠券',
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

/** Field names of the objects and settings whose 修改记录 the console shows (before → after, by top-level key). */
const FIELDS: Record<string, string> = {
  // 门店
  code: '编码', name: '名称', city: '城市', address: '地址', phone: '电话', location: '位置', active: '启用',
  hours: '营业时间', closedDates: '休息日', photos: '照片', serviceArea: '上门服务范围',
  // 优惠券
  type: '类型', amountOffFen: '减免金额', thresholdFen: '使用门槛', percentOffBp: '折扣', maxDiscountFen: '最高优惠',
  totalStock: '发放总量', perMemberLimit: '每人限领', validity: '有效期', claimFrom: '领取开始', claimTo: '领取结束',
  channel: '发放渠道', pointsCost: '兑换积分', storeIds: '适用门店', tiers: '等级', allowPoints: '可与积分同用',
  refundReturn: '退款退券', description: '说明', exchangeItem: '兑换商品', status: '状态',
  // 会员设置
  growthPerYuan: '每消费 1 元成长值', signupBonusPoints: '注册赠送积分', pointsExpiryYears: '积分有效期（年）',
  reviewMonthDay: '年度等级评定日', checkout: '买单规则', booking: '预约规则',
  // 合伙人设置
  eligibility: '谁可成为合伙人', minTierCode: '最低等级', termsVersion: '协议版本', termsText: '协议内容',
  welcomeTemplateId: '好友注册礼券', rewardKind: '奖励方式', mode: '方式', withinDays: '有效天数', level1: '一级奖励',
  level2: '二级奖励', refundWindowDays: '退款观察期（天）', dailyBindingCap: '每日绑定上限', leadProtectDays: '报备保护期（天）',
  // 导购提成与归属
  bp: '提成比例', stores: '门店比例', protectDays: '保护期（天）',
  // 积分审批、消息模板、员工
  approvalAbove: '审批门槛（积分）', templates: '消息模板', role: '角色', reason: '原因',
  // 会员洞察设置
  recencyCountsBookings: '到店预约计入最近消费', windowDays: 'RFM 统计窗口（天）', thresholds: '生命周期阈值',
  monthlyCap: '每人每月最多触达', quietHours: '免打扰时段', newDays: '新客期（天）', sleepDays: '沉睡天数',
  lostDays: '流失天数', returnDays: '回流期（天）', start: '开始（时）', end: '结束（时）',
  // 首页
  banners: '轮播图', notice: '公告', shortcuts: '快捷入口', featuredCouponIds: '首页推荐券',
};

const field = (key: string): string => (Object.prototype.hasOwnProperty.call(FIELDS, key) ? FIELDS[key] : key);

/** 「注册赠送积分」 for signupBonusPoints, 「生命周期阈值 · 流失天数」 for thresholds.lostDays; unknown keys as they are. */
export const fieldText = (key: string): string => key.split('.').map(field).join(' · ');

const MAX = 120;

/** A value of the trail, short: amounts in fen (keys ending in Fen) as ¥, data: URLs as （图片）, long text cut. */
export function auditValue(v: unknown, key = ''): string {
  if (v === undefined || v === null) return '—';
  if (/Fen$/.test(key) && typeof v === 'number') return yuan(v);
  const text = typeof v === 'string' ? v : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' && x.startsWith('data:') ? '（图片）' : x));
  if (text.startsWith('data:')) return '（图片）';
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}

/** Demo chain, stores and people for the local demo (WECHAT_MODE=sim). */
/** A demo identity the WeChat simulator offers (the shape of its DemoUser). */
export interface DemoIdentity {
  openid: string;
  nickname: string;
  description: string;
}
import type { StoreInput } from '../stores/service';

export const DEMO_CHAIN_NAME = 'HomeClub 家居';

export const DEMO_STORES: StoreInput[] = [
  {
    code: 'SH-XH',
    name: 'HomeClub 家居 上海徐汇店',
    city: '上海',
    address: '上海市徐汇区漕溪北路 88 号 1-3 层',
    phone: '021-64388800',
    location: { lat: 31.188, lng: 121.437 },
  },
  {
    code: 'SH-PD',
    name: 'HomeClub 家居 上海浦东店',
    city: '上海',
    address: '上海市浦东新区张杨路 500 号 B1-2 层',
    phone: '021-58366600',
    location: { lat: 31.2297, lng: 121.525 },
  },
  {
    code: 'HZ-XH',
    name: 'HomeClub 家居 杭州西湖店',
    city: '杭州',
    address: '杭州市西湖区文三路 259 号',
    phone: '0571-88023300',
    location: { lat: 30.278, lng: 120.13 },
  },
];

export interface DemoPerson extends DemoIdentity {
  role: 'member' | 'staff' | 'admin';
  storeCode?: string;
  phone?: string;
  /** membership demo: growth value and points earned over time */
  growth?: number;
  points?: { amount: number; reason: string; note: string }[];
  birthday?: string;
}

/** The seeded chain admin (李娜): the console's 演示管理员登录 in sim mode. */
export const DEMO_ADMIN_OPENID = 'oHC0demo0admin0lina00000001';

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    openid: 'oHC0demo0shopper0chenxiao01',
    nickname: '陈晓',
    description: '金卡会员，已绑定手机号，有积分',
    role: 'member',
    phone: '13800138001',
    growth: 12680,
    birthday: '1988-03-08',
    points: [
      { amount: 2680, reason: 'purchase', note: '上海徐汇店 · 布艺沙发' },
      { amount: 1500, reason: 'purchase', note: '上海徐汇店 · 实木餐桌' },
      { amount: 300, reason: 'booking', note: '设计咨询到店' },
    ],
  },
  { openid: 'oHC0demo0shopper0linyue0002', nickname: '林悦', description: '会员，未绑定手机号', role: 'member' },
  {
    openid: 'oHC0demo0shopper0zhaolei003',
    nickname: '赵磊',
    description: '银卡会员，杭州',
    role: 'member',
    phone: '13900139003',
    growth: 2600,
    points: [{ amount: 860, reason: 'purchase', note: '杭州西湖店 · 床垫' }],
  },
  { openid: 'oHC0demo0staff0zhangwei0001', nickname: '张伟', description: '上海徐汇店店员', role: 'staff', storeCode: 'SH-XH', phone: '13700137001' },
  { openid: DEMO_ADMIN_OPENID, nickname: '李娜', description: '连锁管理员', role: 'admin', phone: '13600136001' },
];

/** Demo coupon templates (keyed by name: the seed creates each once). */
export const DEMO_COUPON_TEMPLATES = [
  { name: '满3000减300', type: 'full_reduction', amountOffFen: 30_000, thresholdFen: 300_000, totalStock: 200, perMemberLimit: 1, validity: { mode: 'relative', days: 30 }, channel: 'claim_center', description: '全场家具、家电可用，不与其他满减同享' },
  { name: '全场9折', type: 'discount', percentOffBp: 1000, maxDiscountFen: 50_000, thresholdFen: 100_000, totalStock: 500, perMemberLimit: 2, validity: { mode: 'relative', days: 14 }, channel: 'claim_center', description: '满1000元可用，最高减500元' },
  { name: '免费上门量尺', type: 'exchange', exchangeItem: '上门量尺服务一次', totalStock: 100, perMemberLimit: 1, validity: { mode: 'relative', days: 60 }, channel: 'claim_center', description: '到店或预约时出示券码，由门店核销' },
  { name: '新人礼 无门槛50元', type: 'no_threshold', amountOffFen: 5000, totalStock: null, perMemberLimit: 1, validity: { mode: 'relative', days: 30 }, channel: 'new_member', description: '新会员专享，任意消费可用' },
  { name: '好友见面礼 无门槛30元', type: 'no_threshold', amountOffFen: 3000, totalStock: null, perMemberLimit: 1, validity: { mode: 'relative', days: 30 }, channel: 'referral', description: '受合伙人邀请注册的新会员专享' },
  { name: '唤醒礼 无门槛100元', type: 'no_threshold', amountOffFen: 10_000, totalStock: null, perMemberLimit: 1, validity: { mode: 'relative', days: 30 }, channel: 'campaign', description: '营销活动赠送，任意消费可用' },
  { name: '积分兑 20 元券', type: 'no_threshold', amountOffFen: 2000, totalStock: 1000, perMemberLimit: 5, validity: { mode: 'relative', days: 30 }, channel: 'points_exchange', pointsCost: 2000, description: '2000 积分兑换一张' },
] as const;

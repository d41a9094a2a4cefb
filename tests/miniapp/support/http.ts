/**
 * A fake server behind the Taro.request mock: serve(handler) routes every
 * request to handler and records what was sent. Plus fixtures.
 */
import type {
  BookingKind,
  BookingView,
  CouponView,
  MemberCard,
  MemberCodeResolveResponse,
  MemberView,
  OrderRefundView,
  OrderView,
  PointsEntryView,
  ServiceView,
  SessionResponse,
  SlotsResponse,
  StaffBookingView,
  StaffOrderView,
  StoreDetail,
  StoreView,
  TemplateView,
  VerificationView,
} from '@homeclub/shared';
import { request } from '../mocks/taro';

export interface SentRequest {
  url: string;
  method: string;
  header: Record<string, string>;
  data: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export type Handler = (req: SentRequest) => Reply | Promise<Reply>;

interface RequestOptions {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: unknown;
}

export function serve(handler: Handler): SentRequest[] {
  const sent: SentRequest[] = [];
  request.mockImplementation(async (options: RequestOptions) => {
    const req: SentRequest = {
      url: options.url,
      method: options.method ?? 'GET',
      header: { ...options.header },
      data: options.data,
    };
    sent.push(req);
    const reply = await handler(req);
    return { statusCode: reply.status, data: reply.body ?? null, header: {}, errMsg: 'request:ok' };
  });
  return sent;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

export const fail = (status: number, code: string, message: string): Reply => ({
  status,
  body: { code, message, requestId: 'req-test-1' },
});

/** Path (and query) of a request, without the base URL. */
export const pathOf = (req: SentRequest): string => req.url.replace(/^https?:\/\/[^/]+/, '');

export const bearer = (req: SentRequest): string | undefined => req.header.Authorization?.replace(/^Bearer /, '');

export function member(overrides: Partial<MemberView> = {}): MemberView {
  return {
    id: '64b7f0c2a1b2c3d4e5f60718',
    nickname: '林小雨',
    avatarUrl: null,
    phoneMasked: null,
    roles: ['member'],
    staffStoreId: null,
    createdAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}

export function session(n: number, m: MemberView = member()): SessionResponse {
  return {
    accessToken: `access-${n}`,
    accessExpiresIn: 900,
    refreshToken: `refresh-token-${n}-0123456789abcdef`,
    member: m,
    isNew: false,
  };
}

export function store(overrides: Partial<StoreView> = {}): StoreView {
  return {
    id: '650000000000000000000001',
    code: 'SH01',
    name: 'HomeClub 上海徐汇店',
    city: '上海',
    address: '徐汇区漕溪北路 88 号',
    phone: '021-66668888',
    location: { lat: 31.19, lng: 121.43 },
    ...overrides,
  };
}

/** A promise you resolve later, to control the order in which replies arrive. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A silver member 1,234 yuan (of growth) short of gold, with some points expiring. */
export function memberCard(overrides: Partial<MemberCard> = {}): MemberCard {
  return {
    memberId: '64b7f0c2a1b2c3d4e5f60718',
    cardNo: '1234567890',
    nickname: '林小雨',
    phoneMasked: '138****8000',
    tier: {
      code: 'silver',
      name: '银卡',
      threshold: 1000,
      pointsMultiplierBp: 12000,
      birthdayCouponTemplateId: null,
      birthdayPoints: 200,
      bookingPriority: false,
      color: '#8a9bb0',
    },
    nextTier: { name: '金卡', threshold: 5000, growthNeeded: 1234, spendNeededFen: 123400 },
    growth: 3766,
    points: { balance: 3400, held: 200, available: 3200, expiring: [{ amount: 1200, expiresOn: '2026-12-31' }] },
    perks: ['消费积分 1.2 倍', '生日礼 200 积分', '免费上门量尺'],
    birthday: null,
    homeCity: null,
    preferredStoreId: null,
    ...overrides,
  };
}

/** GET /api/member/code-secret (RFC 4226's test secret, hex). */
export const CODE_SECRET = {
  cardNo: '1234567890',
  secret: '3132333435363738393031323334353637383930',
  periodSeconds: 60,
  chainPrefix: '42',
};

export function pointsEntry(n: number, overrides: Partial<PointsEntryView> = {}): PointsEntryView {
  return {
    id: (0x650000000000000000000000n + BigInt(n)).toString(16),
    kind: 'earn',
    reason: 'purchase',
    amount: 100,
    heldDelta: 0,
    balanceAfter: null,
    note: null,
    createdAt: '2026-11-20T02:30:00.000Z',
    ...overrides,
  };
}

export function resolvedMember(overrides: Partial<MemberCodeResolveResponse> = {}): MemberCodeResolveResponse {
  return {
    memberId: '64b7f0c2a1b2c3d4e5f60718',
    cardNo: '1234567890',
    nickname: '林小雨',
    phoneMasked: '138****8000',
    tier: { code: 'gold', name: '金卡', color: '#c0a062' },
    availablePoints: 12345,
    usableCoupons: 3,
    storeId: '650000000000000000000001',
    memberToken: 'eyJtIjoiNjRiN2YwYzJhMWIyYzNkNGU1ZjYwNzE4In0.test-token-signature',
    ...overrides,
  };
}

/** A 满减 template: ¥50 off above ¥300, 100 in stock, one per member, fixed validity. */
export function template(n: number, overrides: Partial<TemplateView> = {}): TemplateView {
  return {
    id: (0x660000000000000000000000n + BigInt(n)).toString(16),
    name: `满300减50-${n}`,
    type: 'full_reduction',
    amountOffFen: 5000,
    percentOffBp: null,
    maxDiscountFen: null,
    thresholdFen: 30000,
    exchangeItem: null,
    storeIds: [],
    tiers: [],
    perMemberLimit: 1,
    totalStock: 100,
    claimed: 40,
    claimFrom: null,
    claimTo: null,
    validity: { mode: 'fixed', from: '2026-11-22T00:00:00+08:00', to: '2026-12-31T23:59:59+08:00' },
    channel: 'claim_center',
    pointsCost: null,
    allowPoints: true,
    refundReturn: true,
    description: '',
    status: 'active',
    ...overrides,
  };
}

export interface CenterItemFixture {
  template: TemplateView;
  remaining: number | null;
  claimedByMe: number;
  canClaim: boolean;
  reason: string | null;
}

export function centerItem(t: TemplateView, overrides: Partial<Omit<CenterItemFixture, 'template'>> = {}): CenterItemFixture {
  return {
    template: t,
    remaining: t.totalStock === null ? null : t.totalStock - t.claimed,
    claimedByMe: 0,
    canClaim: true,
    reason: null,
    ...overrides,
  };
}

/** One of my coupons (from template(n)'s terms), available until 2026-12-31. */
export function coupon(n: number, overrides: Partial<CouponView> = {}): CouponView {
  const t = template(n);
  return {
    id: (0x670000000000000000000000n + BigInt(n)).toString(16),
    templateId: t.id,
    terms: {
      name: t.name,
      type: t.type,
      amountOffFen: t.amountOffFen,
      percentOffBp: t.percentOffBp,
      maxDiscountFen: t.maxDiscountFen,
      thresholdFen: t.thresholdFen,
      exchangeItem: t.exchangeItem,
      storeIds: t.storeIds,
      allowPoints: t.allowPoints,
      refundReturn: t.refundReturn,
      description: t.description,
    },
    state: 'available',
    validFrom: '2026-11-22T02:00:00.000Z',
    validTo: '2026-12-31T15:59:59.999Z',
    claimedAt: '2026-11-22T02:00:00.000Z',
    usedAt: null,
    channel: 'claim_center',
    couponNo: `77000000${String(n).padStart(2, '0')}`,
    ...overrides,
  };
}

/** GET /api/coupons/:id/code-secret (RFC 4226's test secret, hex). */
export const COUPON_CODE_SECRET = {
  couponNo: '7700000001',
  secret: '3132333435363738393031323334353637383930',
  periodSeconds: 60,
  chainPrefix: '42',
};

export function verification(n: number, overrides: Partial<VerificationView> = {}): VerificationView {
  return {
    id: (0x680000000000000000000000n + BigInt(n)).toString(16),
    couponId: coupon(n).id,
    couponName: `满300减50-${n}`,
    memberNickname: '林小雨',
    storeId: '650000000000000000000001',
    staffId: '64b7f0c2a1b2c3d4e5f60799',
    at: '2026-11-22T10:00:00.000Z',
    undoneAt: null,
    undoableUntil: '2026-11-22T10:10:00.000Z',
    ...overrides,
  };
}

export const ORDER_ID = '6a0000000000000000000001';

/** A paid till order at 上海徐汇店: ¥500 bill, 满300减50, 3,200 points (¥32), ¥418 cash by WeChat Pay, one line. */
export function orderView(overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: ORDER_ID,
    number: '2026112200001',
    storeId: '650000000000000000000001',
    storeName: 'HomeClub 上海徐汇店',
    state: 'paid',
    channel: 'till',
    settlement: 'wechat',
    billFen: 50000,
    couponId: '670000000000000000000001',
    couponName: '满300减50-1',
    couponDiscountFen: 5000,
    pointsUsed: 3200,
    pointsValueFen: 3200,
    cashFen: 41800,
    pointsEarned: 627,
    growthGained: 418,
    outTradeNo: 'HC202611220001',
    expireAt: '2026-11-22T10:15:00.000Z',
    createdAt: '2026-11-22T10:00:00.000Z',
    paidAt: '2026-11-22T10:01:00.000Z',
    lines: [{ id: 'bill', name: '', amountFen: 50000, couponFen: 5000, pointsFen: 3200, cashFen: 41800, refunded: false }],
    refundedFen: 0,
    refunds: [],
    posTxnId: null,
    effectsApplied: true,
    ...overrides,
  };
}

/** The same order as staff see it (with its member). */
export function staffOrderView(overrides: Partial<StaffOrderView> = {}): StaffOrderView {
  return {
    ...orderView(),
    member: { id: '64b7f0c2a1b2c3d4e5f60718', nickname: '林小雨', phoneMasked: '138****8000', cardNo: '1234567890' },
    ...overrides,
  };
}

export function orderRefund(n: number, overrides: Partial<OrderRefundView> = {}): OrderRefundView {
  return {
    refundNo: `OR${String(n).padStart(30, '0')}`,
    number: `R20261122${String(n).padStart(5, '0')}`,
    amountFen: 10000,
    lineIds: [],
    state: 'SUCCESS',
    reason: '顾客退货',
    via: 'wechat',
    createdAt: '2026-11-22T11:00:00.000Z',
    ...overrides,
  };
}

// ---------------------------------------------------------------- booking

export const STORE_ID = '650000000000000000000001';
export const SERVICE_IDS: Record<BookingKind, string> = {
  design: '6b00000000000000000000d1',
  visit: '6b00000000000000000000d2',
  measure: '6b00000000000000000000d3',
};
export const BOOKING_ID = '6c0000000000000000000001';

/** The instant of a China-time date and "HH:MM" (UTC+8), as the server writes it. */
export function chinaTime(date: string, hhmm: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh - 8, mm)).toISOString();
}

/** 设计咨询 (60 min, 3 designers, free, cut-off 2 h); visit and measure (¥50 deposit, 24 h cut-off) differ. */
export function serviceView(kind: BookingKind = 'design', overrides: Partial<ServiceView> = {}): ServiceView {
  const base: ServiceView = {
    id: SERVICE_IDS[kind],
    storeId: STORE_ID,
    kind,
    name: { design: '设计咨询', visit: '到店体验', measure: '上门量尺' }[kind],
    description: { design: '资深设计师一对一', visit: '导购陪同逛店', measure: '设计师上门测量' }[kind],
    durationMin: 60,
    intervalMin: 60,
    capacity: 3,
    horizonDays: 14,
    leadMinutes: 60,
    cutoffMinutes: 120,
    depositFen: 0,
    keepDepositOnNoShow: true,
    attendPoints: 200,
    noShowGraceMin: 30,
    active: true,
  };
  if (kind === 'visit') Object.assign(base, { durationMin: 30, intervalMin: 30, capacity: 5, attendPoints: 50 });
  if (kind === 'measure') Object.assign(base, { durationMin: 120, intervalMin: 120, capacity: 2, cutoffMinutes: 1440, depositFen: 5000 });
  return { ...base, ...overrides };
}

const WEEKDAY_HOURS = [{ open: '10:00', close: '21:00' }];
const WEEKEND_HOURS = [
  { open: '09:30', close: '12:00' },
  { open: '13:00', close: '21:30' },
];

/** 上海徐汇店: weekdays 10–21, weekends with a lunch break, 上门 in 上海 徐汇区/闵行区, three services. */
export function storeDetail(overrides: Partial<StoreDetail> = {}): StoreDetail {
  return {
    store: store(),
    hours: [WEEKEND_HOURS, WEEKDAY_HOURS, WEEKDAY_HOURS, WEEKDAY_HOURS, WEEKDAY_HOURS, WEEKDAY_HOURS, WEEKEND_HOURS],
    closedDates: [],
    photos: [],
    serviceArea: { cities: ['上海'], districts: ['徐汇区', '闵行区'] },
    services: [serviceView('design'), serviceView('measure'), serviceView('visit')],
    ...overrides,
  };
}

/** A slot of a China-time day. */
export function slotView(date: string, label: string, remaining: number, capacity = 3, durationMin = 60): SlotsResponse['slots'][number] {
  const start = chinaTime(date, label);
  return { start, end: new Date(Date.parse(start) + durationMin * 60_000).toISOString(), label, capacity, remaining };
}

/** A booked 设计咨询 on 2026-11-23 14:00–15:00 at 上海徐汇店, changeable until 12:00. */
export function bookingView(overrides: Partial<BookingView> = {}): BookingView {
  return {
    id: BOOKING_ID,
    code: '4821930576',
    state: 'booked',
    kind: 'design',
    serviceId: SERVICE_IDS.design,
    serviceName: '设计咨询',
    storeId: STORE_ID,
    storeName: 'HomeClub 上海徐汇店',
    storeAddress: '徐汇区漕溪北路 88 号',
    storePhone: '021-64388800',
    start: chinaTime('2026-11-23', '14:00'),
    end: chinaTime('2026-11-23', '15:00'),
    name: '林小雨',
    phone: '13800138000',
    address: null,
    note: '',
    depositFen: 0,
    depositState: 'none',
    expireAt: null,
    pointsAwarded: 0,
    changeDeadline: chinaTime('2026-11-23', '12:00'),
    canChange: true,
    attendedAt: null,
    cancelledAt: null,
    createdAt: '2026-11-22T02:00:00.000Z',
    ...overrides,
  };
}

export function staffBookingView(overrides: Partial<StaffBookingView> = {}): StaffBookingView {
  return {
    ...bookingView(),
    memberId: '64b7f0c2a1b2c3d4e5f60718',
    memberNickname: '小雨',
    noShowCount: 0,
    ...overrides,
  };
}

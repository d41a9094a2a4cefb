/**
 * A fake server behind the Taro.request mock: serve(handler) routes every
 * request to handler and records what was sent. Plus fixtures.
 */
import type { MemberCard, MemberCodeResolveResponse, MemberView, PointsEntryView, SessionResponse, StoreView } from '@homeclub/shared';
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
    ...overrides,
  };
}

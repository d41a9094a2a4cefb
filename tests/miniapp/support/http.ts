/**
 * A fake server behind the Taro.request mock: serve(handler) routes every
 * request to handler and records what was sent. Plus fixtures.
 */
import type { MemberView, SessionResponse, StoreView } from '@homeclub/shared';
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

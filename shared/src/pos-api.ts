/**
 * The store POS API contract: a chain's own tills (another system) redeem
 * member coupons and points through signed requests under `/pos/v1`. Kept
 * apart from `api` on purpose: these routes take no session token (the
 * per-store API key and request signature authenticate them), so the
 * session access matrix must not treat them as session routes.
 *
 * Signature (every request): headers
 *   X-HC-Key        the key id (pk_…)
 *   X-HC-Timestamp  unix seconds; refused outside ±300 s of the server clock
 *   X-HC-Nonce      16–64 of [A-Za-z0-9_-], never reused with the same key
 *   X-HC-Signature  lowercase hex HMAC-SHA256(secret, stringToSign)
 * stringToSign = METHOD \n path-with-query \n timestamp \n nonce \n sha256hex(raw body)
 * (a request without a body hashes the empty string). The key decides the store.
 */
import { z } from 'zod';
import type { RouteContract } from './api';
import { objectId } from './schemas/common';
import { memberCodeResolveRequest, memberCodeResolveResponse } from './schemas/membership';
import { orderLineInput, orderRefundRequest, orderRefundResponse, quoteResponse, staffOrderView } from './schemas/checkout';

export const POS_HEADERS = {
  key: 'X-HC-Key',
  timestamp: 'X-HC-Timestamp',
  nonce: 'X-HC-Nonce',
  signature: 'X-HC-Signature',
} as const;
/** A request's timestamp may differ from the server clock by at most this much. */
export const POS_TIMESTAMP_WINDOW_SECONDS = 300;
export const POS_PREFIX = '/pos/v1';

export const posKeyId = z.string().regex(/^pk_[0-9a-f]{24}$/, 'a POS key id (pk_ + 24 hex)');
export const posNonce = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '16–64 characters of A-Z a-z 0-9 _ -');
/** The POS system's own transaction id: one redemption per id and store. */
export const posTxnId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1–64 characters of A-Z a-z 0-9 _ . : -');

const memberToken = z.string().min(20).max(400);
const billFen = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Unknown fields are refused: in particular a storeId (the key decides the store). */
export const posResolveRequest = z.strictObject(memberCodeResolveRequest.shape);

export const posQuoteRequest = z.strictObject({
  /** from /member-code/resolve: proof that the member was present, for this store's POS only (15 minutes) */
  memberToken,
  billFen,
  /** a coupon of the member; null = none; omitted = the best one is suggested (bestCouponId) but not applied */
  couponId: objectId.nullable().optional(),
  points: z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.literal('max')]).default(0),
  lines: z.array(orderLineInput).min(1).max(200).optional(),
});
export type PosQuoteRequest = z.input<typeof posQuoteRequest>;

export const posCommitRequest = z.strictObject({
  posTxnId,
  memberToken,
  billFen,
  couponId: objectId.nullable().default(null),
  /** exactly the points to spend (quote with "max" first to learn the cap) */
  points: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  lines: z.array(orderLineInput).min(1).max(200).optional(),
});
export type PosCommitRequest = z.input<typeof posCommitRequest>;

export const posTxnParams = z.object({ posTxnId });
/** Reverse by amount (cash part), by lines, or everything left; the refund key makes retries reverse once. */
export const posReversalRequest = orderRefundRequest;
export type PosReversalRequest = z.input<typeof posReversalRequest>;
export const posReversalResponse = z.object({ refund: orderRefundResponse, order: staffOrderView });
export type PosReversalResponse = z.infer<typeof posReversalResponse>;
export type PosRedemption = z.infer<typeof staffOrderView>;
export type PosQuoteResponse = z.infer<typeof quoteResponse>;
export type PosResolveResponse = z.infer<typeof memberCodeResolveResponse>;

/** A POS route: no session token (`access: 'public'` for the session binder); the POS gateway checks the signature first. */
export type PosRouteContract = RouteContract & { access: 'public' };

function route<const C extends RouteContract>(c: C): C {
  return c;
}

export const posApi = {
  posResolveMemberCode: route({
    method: 'POST', path: `${POS_PREFIX}/member-code/resolve`, tag: 'pos', access: 'public',
    summary: '识别 POS 扫到的会员码：返回会员摘要与用于试算/提交的 memberToken',
    body: posResolveRequest, response: memberCodeResolveResponse,
  }),
  posQuote: route({
    method: 'POST', path: `${POS_PREFIX}/quote`, tag: 'pos', access: 'public',
    summary: '为扫码会员在本密钥所属门店试算账单：优惠券、积分、应付现金（仅供参考，提交时重新计算）',
    body: posQuoteRequest, response: quoteResponse,
  }),
  posCommitRedemption: route({
    method: 'POST', path: `${POS_PREFIX}/redemptions`, tag: 'pos', access: 'public', status: 201,
    summary: '提交核销（用券、扣积分），账单由 POS 自行收款；每个 posTxnId 一笔：重复提交返回同一笔（仍为 201），条款不同 → POS_TXN_CONFLICT',
    body: posCommitRequest, response: staffOrderView,
  }),
  posRedemption: route({
    method: 'GET', path: `${POS_PREFIX}/redemptions/:posTxnId`, tag: 'pos', access: 'public',
    summary: '按 POS 交易号查本门店的一笔核销及其明细与冲正',
    params: posTxnParams, response: staffOrderView,
  }),
  posReverseRedemption: route({
    method: 'POST', path: `${POS_PREFIX}/redemptions/:posTxnId/reversals`, tag: 'pos', access: 'public', status: 201,
    summary: '冲正（退款）一笔核销的部分或全部：按金额、按明细或整单；积分、成长值（全额时含优惠券）按比例退回；refundKey 保证重试只冲正一次',
    params: posTxnParams, body: posReversalRequest, response: posReversalResponse,
  }),
} as const;

// ---- admin: the stores' POS keys (session auth, admin) --------------------------------------------

export const posKeyView = z.object({
  keyId: z.string(),
  storeId: z.string(),
  label: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type PosKeyView = z.infer<typeof posKeyView>;
/** The secret is shown once, at creation; it is stored encrypted and never listed. */
export const posKeyCreatedResponse = posKeyView.extend({ secret: z.string() });
export const posKeyCreateRequest = z.object({ label: z.string().trim().min(1).max(40) });
export const posKeyListResponse = z.object({ items: z.array(posKeyView) });
export const posKeyStoreParams = z.object({ storeId: objectId });
export const posKeyParams = z.object({ storeId: objectId, keyId: posKeyId });

export const adminPosKeys = {
  adminCreatePosKey: route({
    method: 'POST', path: '/api/admin/stores/:storeId/pos-keys', tag: 'admin', access: 'admin', status: 201,
    summary: '为门店 POS 系统创建 API 密钥（密钥只返回一次）',
    params: posKeyStoreParams, body: posKeyCreateRequest, response: posKeyCreatedResponse,
  }),
  adminListPosKeys: route({
    method: 'GET', path: '/api/admin/stores/:storeId/pos-keys', tag: 'admin', access: 'admin',
    summary: '门店的 POS 密钥（有效与已吊销，不含密钥）',
    params: posKeyStoreParams, response: posKeyListResponse,
  }),
  adminRevokePosKey: route({
    method: 'POST', path: '/api/admin/stores/:storeId/pos-keys/:keyId/revoke', tag: 'admin', access: 'admin',
    summary: '吊销 POS 密钥：其请求立即被拒绝（重复吊销无变化）',
    params: posKeyParams, response: posKeyView,
  }),
} as const;

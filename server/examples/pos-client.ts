/**
 * Example store POS client for the HomeClub POS API (/pos/v1): a small signed
 * fetch client and a CLI that runs one checkout — resolve the member code the
 * till scanned → quote (best coupon, points) → commit the redemption → print
 * the receipt. Node ≥ 20, no dependencies beyond node:crypto and fetch; copy
 * the PosClient class into your POS integration.
 *
 *   npx tsx server/examples/pos-client.ts --base http://127.0.0.1:3100 --key pk_… --secret sk_… \
 *       --code <18-digit member code> --amount 12800 [--points max|N] [--coupon best|none|<id>] [--txn <POS transaction id>]
 *   npx tsx server/examples/pos-client.ts --key-file .data/pos-demo-key.json --code … --amount 12800
 *
 * `npm start` writes a demo key for 上海徐汇店 to `.data/pos-demo-key.json`; a
 * member code is shown on the 会员 tab of the H5 demo. The same --txn twice
 * commits once (the second run finds and prints the same redemption).
 *
 * Signature: X-HC-Signature = hex HMAC-SHA256(secret,
 *   METHOD \n path-with-query \n X-HC-Timestamp \n X-HC-Nonce \n sha256hex(raw body)).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PosCommitRequest, PosQuoteRequest, PosQuoteResponse, PosRedemption, PosResolveResponse, PosReversalRequest, PosReversalResponse } from '@homeclub/shared';

export interface PosClientOptions {
  /** server base URL, e.g. http://127.0.0.1:3100 */
  base: string;
  keyId: string;
  secret: string;
  /** the POS clock in ms (default Date.now); requests are refused outside ±300 s of the server clock */
  now?: () => number;
}

/** An error answer of the API: `{code, message, requestId}` with the HTTP status. */
export class PosApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly userMessage: string,
    readonly requestId: string | undefined,
  ) {
    super(`${status} ${code}: ${userMessage}${requestId ? ` (request ${requestId})` : ''}`);
    this.name = 'PosApiError';
  }
}

/** A signed request ready to send with any HTTP stack. */
export interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export class PosClient {
  constructor(private readonly opts: PosClientOptions) {}

  /** lowercase hex HMAC-SHA256 over the canonical request */
  static sign(secret: string, p: { method: string; target: string; timestamp: string; nonce: string; body: string }): string {
    const bodyHash = createHash('sha256').update(p.body, 'utf8').digest('hex');
    return createHmac('sha256', secret).update(`${p.method.toUpperCase()}\n${p.target}\n${p.timestamp}\n${p.nonce}\n${bodyHash}`).digest('hex');
  }

  /** Sign one request: a fresh nonce and the current timestamp each time (override them only to test the server). */
  prepare(method: string, path: string, body?: unknown, over: { timestamp?: string; nonce?: string } = {}): PreparedRequest {
    const url = new URL(path, this.opts.base);
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = over.timestamp ?? String(Math.floor((this.opts.now ?? Date.now)() / 1000));
    const nonce = over.nonce ?? randomBytes(16).toString('hex');
    const signature = PosClient.sign(this.opts.secret, { method, target: `${url.pathname}${url.search}`, timestamp, nonce, body: text });
    const headers: Record<string, string> = { 'X-HC-Key': this.opts.keyId, 'X-HC-Timestamp': timestamp, 'X-HC-Nonce': nonce, 'X-HC-Signature': signature };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return { url: url.toString(), method: method.toUpperCase(), headers, body: body === undefined ? undefined : text };
  }

  /** Send a prepared request: the parsed JSON, or a PosApiError. */
  static async send<T>(req: PreparedRequest): Promise<T> {
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const e = (json ?? {}) as { code?: string; message?: string; requestId?: string };
      throw new PosApiError(res.status, e.code ?? 'HTTP_ERROR', e.message ?? text.slice(0, 200), e.requestId ?? res.headers.get('x-request-id') ?? undefined);
    }
    return json as T;
  }

  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return PosClient.send<T>(this.prepare(method, path, body));
  }

  resolveMemberCode(code: string): Promise<PosResolveResponse> {
    return this.request('POST', '/pos/v1/member-code/resolve', { code });
  }
  quote(q: PosQuoteRequest): Promise<PosQuoteResponse> {
    return this.request('POST', '/pos/v1/quote', q);
  }
  /** One redemption per posTxnId: safe to retry (with a new nonce, which request() makes). */
  commit(c: PosCommitRequest): Promise<PosRedemption> {
    return this.request('POST', '/pos/v1/redemptions', c);
  }
  redemption(posTxnId: string): Promise<PosRedemption> {
    return this.request('GET', `/pos/v1/redemptions/${encodeURIComponent(posTxnId)}`);
  }
  /** Reverse by amountFen, lineIds or full: true; the refundKey makes retries reverse once. */
  reverse(posTxnId: string, r: PosReversalRequest): Promise<PosReversalResponse> {
    return this.request('POST', `/pos/v1/redemptions/${encodeURIComponent(posTxnId)}/reversals`, r);
  }
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

export interface CheckoutInput {
  code: string;
  amountFen: number;
  /** 'max' (default): as many as the bill allows */
  points?: number | 'max';
  /** 'best' (default): the suggested coupon; 'none'; or a coupon id */
  coupon?: string;
  posTxnId?: string;
}

/**
 * Commit with retries: a timeout or a 5xx may hide a commit that went through, so the same body is sent again
 * (each attempt signed with a new nonce); the posTxnId makes the server answer with the one redemption.
 */
export async function commitWithRetry(client: PosClient, body: PosCommitRequest, attempts = 3): Promise<PosRedemption> {
  for (let i = 1; ; i++) {
    try {
      return await client.commit(body);
    } catch (err) {
      const retriable = !(err instanceof PosApiError) || err.status >= 500;
      if (!retriable || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 200 * i));
    }
  }
}

/**
 * One checkout at the POS: resolve → quote → commit. With a posTxnId that was already committed (the POS
 * restarted mid-checkout), the existing redemption is returned instead of pricing the bill again: a new
 * quote would see the member's points and coupons after that redemption and commit other terms.
 */
export async function checkout(client: PosClient, input: CheckoutInput): Promise<{ member: PosResolveResponse; quote: PosQuoteResponse | null; redemption: PosRedemption }> {
  const member = await client.resolveMemberCode(input.code);
  if (input.posTxnId) {
    const existing = await client.redemption(input.posTxnId).catch((err: unknown) => {
      if (err instanceof PosApiError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    if (existing && (existing.member.id !== member.memberId || existing.billFen !== input.amountFen)) {
      throw new Error(`POS transaction ${input.posTxnId} was already committed for another member or bill (${yuan(existing.billFen)})`);
    }
    if (existing) return { member, quote: null, redemption: existing };
  }
  const suggestion = await client.quote({ memberToken: member.memberToken, billFen: input.amountFen, points: 0 });
  const choice = input.coupon ?? 'best';
  const couponId = choice === 'best' ? suggestion.bestCouponId : choice === 'none' ? null : choice;
  const quote = await client.quote({ memberToken: member.memberToken, billFen: input.amountFen, couponId, points: input.points ?? 'max' });
  const redemption = await commitWithRetry(client, {
    posTxnId: input.posTxnId ?? `ex-${Date.now()}-${randomBytes(3).toString('hex')}`,
    memberToken: member.memberToken,
    billFen: input.amountFen,
    couponId: quote.couponId,
    points: quote.pointsUsed,
  });
  return { member, quote, redemption };
}

export function formatReceipt(r: { member: PosResolveResponse; redemption: PosRedemption }): string {
  const o = r.redemption;
  return [
    `HomeClub 会员优惠 — ${o.storeName}`,
    `POS 流水号   ${o.posTxnId}`,
    `会员         ${r.member.nickname} (${r.member.cardNo}, ${r.member.tier.name})`,
    `消费金额     ${yuan(o.billFen)}`,
    `优惠券       ${o.couponName ? `${o.couponName} -${yuan(o.couponDiscountFen)}` : '—'}`,
    `积分抵现     ${o.pointsUsed} 积分 -${yuan(o.pointsValueFen)}`,
    `应收现金     ${yuan(o.cashFen)}`,
    `本单积分     +${o.pointsEarned}`,
    `状态         ${o.state}  (order ${o.id})`,
  ].join('\n');
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)$/.exec(argv[i]);
    if (!m || argv[i + 1] === undefined) throw new Error(`unexpected argument ${argv[i]}`);
    out[m[1]] = argv[++i];
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  let args: Record<string, string>;
  try {
    args = parseArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const file = args['key-file'] ? (JSON.parse(readFileSync(args['key-file'], 'utf8')) as { base?: string; keyId?: string; secret?: string }) : {};
  const base = args.base ?? file.base;
  const keyId = args.key ?? file.keyId;
  const secret = args.secret ?? file.secret;
  const amountFen = Number(args.amount);
  if (!base || !keyId || !secret || !args.code || !Number.isSafeInteger(amountFen) || amountFen < 1) {
    console.error('usage: pos-client.ts (--base URL --key pk_… --secret sk_… | --key-file FILE) --code <member code> --amount <fen> [--points max|N] [--coupon best|none|ID] [--txn ID]');
    return 2;
  }
  const points = args.points === undefined || args.points === 'max' ? 'max' : Number(args.points);
  try {
    const result = await checkout(new PosClient({ base, keyId, secret }), { code: args.code, amountFen, points, coupon: args.coupon, posTxnId: args.txn });
    console.log(formatReceipt(result));
    return 0;
  } catch (err) {
    console.error(err instanceof PosApiError ? `POS API error ${err.message}` : (err as Error).message);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

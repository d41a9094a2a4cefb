/**
 * The store POS API: a chain's own tills (another system) authenticate with a
 * per-store API key and an HMAC request signature (timestamp window, nonce
 * never twice), then resolve member codes, quote, commit redemptions
 * (idempotent by POS transaction id) and reverse them. The key decides the
 * store; the member is proven by the memberToken from a code scan by this
 * store's POS, never by a raw member id.
 */
import path from 'node:path';
import type { Connection } from 'mongoose';
import { POS_TIMESTAMP_WINDOW_SECONDS, posKeyId, posNonce, type MemberCodeResolveResponse, type OrderRefundRequest, type QuoteResponse, type StaffOrderView } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import { publicUrlOf, type Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { OrdersService } from '../orders/service';
import type { MembershipService } from '../membership/service';
import type { StoresService } from '../stores/service';
import type { AuditService } from '../system/audit';
import { posHolder, type MemberTokens } from '../membership/member-token';
import { createPosKeys } from './keys';
import { posNonceModel } from './model';
import { signatureMatches } from './signature';

/** Who is calling: the verified key and its store. */
export interface PosCaller {
  keyId: string;
  storeId: string;
}

export interface PosRequest {
  method: string;
  /** path with query, as received */
  target: string;
  headers: { key?: string; timestamp?: string; nonce?: string; signature?: string };
  rawBody: Buffer;
}

/** Nonces are kept this long: a request is accepted within ±5 minutes of its timestamp, so a replay needs the nonce for at most 10. */
export const NONCE_RETENTION_MS = 2 * POS_TIMESTAMP_WINDOW_SECONDS * 1000;

type Line = { id: string; name: string; amountFen: number };

export function createPosService(deps: {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  config: Config;
  sessionSecret: string;
  orders: OrdersService;
  membership: MembershipService;
  memberTokens: MemberTokens;
  stores: StoresService;
  audit: AuditService;
}) {
  const Nonce = posNonceModel(deps.conn);
  const keys = createPosKeys(deps);
  const member = (caller: PosCaller, token: string) => deps.memberTokens.verify(token, posHolder(caller.storeId));

  return {
    keys,

    /**
     * Verify a request: well-formed headers, an active key, the signature over
     * the raw bytes (constant time), the timestamp window, then the nonce —
     * stored only after the signature verified, so nobody can burn another
     * key's nonces. Every attempt needs a fresh nonce (idempotency comes from
     * posTxnId / refundKey, not from repeating a signed request).
     */
    async authenticate(req: PosRequest): Promise<PosCaller> {
      const h = req.headers;
      if (!h.key || !h.timestamp || !h.nonce || !h.signature) throw new AppError('POS_AUTH_INVALID', 'missing X-HC-Key, X-HC-Timestamp, X-HC-Nonce or X-HC-Signature');
      if (!posKeyId.safeParse(h.key).success) throw new AppError('POS_AUTH_INVALID', `malformed key id ${h.key.slice(0, 40)}`);
      if (!/^\d{1,12}$/.test(h.timestamp)) throw new AppError('POS_AUTH_INVALID', 'X-HC-Timestamp must be unix seconds');
      if (!posNonce.safeParse(h.nonce).success) throw new AppError('POS_AUTH_INVALID', 'X-HC-Nonce must be 16–64 of [A-Za-z0-9_-]');
      const key = await keys.active(h.key);
      if (!key) throw new AppError('POS_AUTH_INVALID', `unknown or revoked key ${h.key}`);
      const parts = { method: req.method, target: req.target, timestamp: h.timestamp, nonce: h.nonce, body: req.rawBody };
      if (!signatureMatches(key.secret, parts, h.signature.toLowerCase())) throw new AppError('POS_AUTH_INVALID', `bad signature with key ${key.keyId}`);
      const skew = Number(h.timestamp) - deps.clock.now().getTime() / 1000;
      if (Math.abs(skew) > POS_TIMESTAMP_WINDOW_SECONDS) {
        throw new AppError('POS_TIMESTAMP_STALE', `timestamp ${h.timestamp} is ${Math.round(skew)} s off the server clock (±${POS_TIMESTAMP_WINDOW_SECONDS} s allowed)`);
      }
      try {
        await Nonce.create({ keyId: key.keyId, nonce: h.nonce, createdAt: deps.clock.now() });
      } catch (err) {
        if (isDuplicateKey(err, 'pos_nonces_key_nonce_unique')) throw new AppError('POS_NONCE_REPLAYED', `nonce ${h.nonce} already used with key ${key.keyId}`);
        throw err;
      }
      return { keyId: key.keyId, storeId: key.storeId };
    },

    async resolveMemberCode(caller: PosCaller, code: string): Promise<MemberCodeResolveResponse> {
      return deps.membership.resolveCodeFor({ holder: posHolder(caller.storeId), actor: `pos:${caller.storeId}`, storeId: caller.storeId }, code);
    },

    async quote(caller: PosCaller, q: { memberToken: string; billFen: number; couponId?: string | null; points: number | 'max'; lines?: Line[] }): Promise<QuoteResponse> {
      const memberId = member(caller, q.memberToken);
      return deps.orders.posQuote(caller.storeId, { memberId, billFen: q.billFen, couponId: q.couponId, points: q.points, lines: q.lines });
    },

    /** One redemption per (store, posTxnId): a repeat with the same terms returns it, other terms are a conflict. */
    async commit(caller: PosCaller, c: { posTxnId: string; memberToken: string; billFen: number; couponId: string | null; points: number; lines?: Line[] }): Promise<StaffOrderView> {
      const memberId = member(caller, c.memberToken);
      let order: StaffOrderView;
      try {
        order = await deps.orders.posCommit(caller.storeId, { posTxnId: c.posTxnId, memberId, billFen: c.billFen, couponId: c.couponId, points: c.points, lines: c.lines });
      } catch (err) {
        // Concurrent retries of one posTxnId: a retry that read the order while it was still pending may fail to
        // take the coupon the winner already used (COUPON_NOT_AVAILABLE). If the redemption is complete, it is the answer.
        if (err instanceof AppError && err.code === 'POS_TXN_CONFLICT') throw err;
        const done = await deps.orders.posView(caller.storeId, c.posTxnId).catch(() => null);
        if (!done || (done.state !== 'paid' && done.state !== 'refunded')) throw err;
        order = done;
      }
      // The terms of a repeat must be the same: member, bill, coupon, points and the lines (line reversals depend on them).
      const terms = (o: { memberId: string; billFen: number; couponId: string | null; points: number; lines: { id: string; amountFen: number }[] }) =>
        JSON.stringify([o.memberId, o.billFen, o.couponId, o.points, o.lines.map((l) => [l.id, l.amountFen])]);
      const asked = terms({ memberId, billFen: c.billFen, couponId: c.couponId, points: c.points, lines: c.lines ?? [{ id: 'bill', amountFen: c.billFen }] });
      const had = terms({ memberId: order.member.id, billFen: order.billFen, couponId: order.couponId, points: order.pointsUsed, lines: order.lines });
      if (asked !== had) throw new AppError('POS_TXN_CONFLICT', `POS transaction ${c.posTxnId} of store ${caller.storeId} was committed as ${had}, not ${asked}`);
      return order;
    },

    async redemption(caller: PosCaller, posTxnId: string): Promise<StaffOrderView> {
      return deps.orders.posView(caller.storeId, posTxnId);
    },

    async reverse(caller: PosCaller, posTxnId: string, input: OrderRefundRequest) {
      return deps.orders.posReverse(caller.storeId, posTxnId, input);
    },

    /** Job: nonces that can no longer be replayed (older than the retention). */
    async purgeNonces(): Promise<number> {
      const r = await Nonce.deleteMany({ createdAt: { $lt: new Date(deps.clock.now().getTime() - NONCE_RETENTION_MS) } });
      return r.deletedCount ?? 0;
    },

    /** Where the demo seed writes the demo key (sim/demo instances only; null when this instance does not seed the demo). */
    demo: {
      keyFile: deps.config.seedDemo ? path.join(deps.config.DATA_DIR, 'pos-demo-key.json') : null,
      base: publicUrlOf(deps.config),
    },
  };
}

export type PosService = ReturnType<typeof createPosService>;

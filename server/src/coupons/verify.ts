/**
 * Staff verification (核销) in store: the coupon's rotating code (like the
 * member code, prefix 43), an idempotency key per attempt, store scope, and
 * undo within 10 minutes by the same store. Every verification is logged.
 */
import { Types, type Connection } from 'mongoose';
import { hotp, parseMemberCode, timeStep, type VerificationView } from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Identity } from '../platform/http/context';
import type { MembersService } from '../members/service';
import type { Lifecycle } from './lifecycle';
import { couponModel, verificationModel, type CouponDoc, type VerificationDoc } from './model';

export const COUPON_CODE_PREFIX = '43';
export const UNDO_WINDOW_MS = 10 * 60_000;

export function createVerifier(deps: { conn: Connection; clock: Clock; members: Pick<MembersService, 'get'>; lifecycle: Lifecycle }) {
  const Coupon = couponModel(deps.conn);
  const Verification = verificationModel(deps.conn);
  const { clock } = deps;

  async function view(v: VerificationDoc): Promise<VerificationView> {
    const [c, m] = await Promise.all([Coupon.findById(v.couponId).lean<CouponDoc>(), deps.members.get(String(v.memberId))]);
    return {
      id: String(v._id),
      couponId: String(v.couponId),
      couponName: c?.terms.name ?? '',
      memberNickname: m?.nickname ?? '',
      storeId: v.storeId,
      staffId: v.staffId,
      at: v.at.toISOString(),
      undoneAt: v.undoneAt?.toISOString() ?? null,
      undoableUntil: new Date(v.at.getTime() + UNDO_WINDOW_MS).toISOString(),
    };
  }

  /** available → used for this verification, through the lifecycle (idempotent: already used by it is fine). */
  async function useFor(coupon: CouponDoc, v: VerificationDoc): Promise<boolean> {
    return (await deps.lifecycle.redeem(coupon._id, `verification:${v.key}`, v.staffId)) !== null;
  }

  function storeOf(staff: Identity): string {
    if (!staff.staffStoreId) throw new AppError('STORE_SCOPE', `member ${staff.memberId} is not bound to a store`);
    return staff.staffStoreId;
  }

  return {
    async verify(staff: Identity, code: string, key: string): Promise<VerificationView> {
      const storeId = storeOf(staff);
      const existing = await Verification.findOne({ key }).lean<VerificationDoc>();
      if (existing) {
        if (existing.storeId !== storeId) throw new AppError('DUPLICATE', `idempotency key ${key} used by another store`);
        const coupon = await Coupon.findById(existing.couponId).lean<CouponDoc>();
        if (coupon && !existing.undoneAt && !(await useFor(coupon, existing))) {
          await Verification.deleteOne({ _id: existing._id, undoneAt: null });
          throw new AppError('COUPON_NOT_AVAILABLE', `coupon ${String(existing.couponId)} was used elsewhere`);
        }
        return view(existing);
      }
      const parsed = parseMemberCode(code);
      if (!parsed || parsed.chainPrefix !== COUPON_CODE_PREFIX) throw new AppError('COUPON_CODE_INVALID', 'not a coupon code of this chain');
      const coupon = await Coupon.findOne({ couponNo: parsed.cardNo }).lean<CouponDoc>();
      if (!coupon) throw new AppError('COUPON_CODE_INVALID', `no coupon ${parsed.cardNo}`);
      const step = timeStep(clock.now().getTime());
      if (![step, step - 1].some((s) => hotp(coupon.codeSecret, s) === parsed.otp)) {
        const recent = Array.from({ length: 30 }, (_, i) => step - 2 - i).some((s) => hotp(coupon.codeSecret, s) === parsed.otp);
        throw new AppError(recent ? 'COUPON_CODE_EXPIRED' : 'COUPON_CODE_INVALID', `code of coupon ${parsed.cardNo} not current`);
      }
      if (coupon.terms.storeIds.length && !coupon.terms.storeIds.includes(storeId)) {
        throw new AppError('COUPON_WRONG_STORE', `coupon ${coupon.couponNo} not valid at store ${storeId}`);
      }
      if (coupon.state !== 'available') {
        // A concurrent retry of this same attempt may have just used it: then answer with its result.
        if (await Verification.exists({ key })) return this.verify(staff, code, key);
        throw new AppError('COUPON_NOT_AVAILABLE', `coupon ${coupon.couponNo} is ${coupon.state}`);
      }
      let v: VerificationDoc;
      try {
        v = (await Verification.create({ key, couponId: coupon._id, memberId: coupon.memberId, storeId, staffId: staff.memberId, at: clock.now() })).toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return this.verify(staff, code, key); // a concurrent retry of the same attempt won: return its result
      }
      if (!(await useFor(coupon, v))) {
        await Verification.deleteOne({ _id: v._id });
        throw new AppError('COUPON_NOT_AVAILABLE', `coupon ${coupon.couponNo} was used or expired meanwhile`);
      }
      return view(v);
    },

    async undo(staff: Identity, verificationId: string): Promise<VerificationView> {
      const storeId = storeOf(staff);
      if (!Types.ObjectId.isValid(verificationId)) throw new AppError('VERIFICATION_NOT_FOUND', verificationId);
      const now = clock.now();
      const v = await Verification.findOneAndUpdate(
        { _id: verificationId, storeId, undoneAt: null, at: { $gte: new Date(now.getTime() - UNDO_WINDOW_MS) } },
        { $set: { undoneAt: now, undoneBy: staff.memberId } },
        { returnDocument: 'after', lean: true },
      );
      if (!v) {
        const cur = await Verification.findById(verificationId).lean<VerificationDoc>();
        if (!cur) throw new AppError('VERIFICATION_NOT_FOUND', verificationId);
        if (cur.storeId !== storeId) throw new AppError('STORE_SCOPE', `verification ${verificationId} belongs to store ${cur.storeId}`);
        if (cur.undoneAt) return view(cur);
        throw new AppError('VERIFICATION_UNDO_EXPIRED', `verification ${verificationId} at ${cur.at.toISOString()}`);
      }
      await deps.lifecycle.unredeem(v.couponId, `verification:${v.key}`, staff.memberId, `undo:${v.key}`);
      return view(v as VerificationDoc);
    },

    async listToday(staff: Identity): Promise<VerificationView[]> {
      const storeId = storeOf(staff);
      const since = new Date(clock.now().getTime() - 24 * 3600_000);
      const rows = await Verification.find({ storeId, at: { $gte: since } }).sort({ at: -1 }).limit(100).lean<VerificationDoc[]>();
      return Promise.all(rows.map(view));
    },
  };
}

export type Verifier = ReturnType<typeof createVerifier>;

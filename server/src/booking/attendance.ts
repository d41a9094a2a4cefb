/**
 * After the visit: check-in (staff scan the booking code or find it by phone)
 * turns a booking attended; the no-show job (or a clerk) turns it no_show.
 * Their effects — attendance points, the deposit refunded or kept, the
 * member's no-show count — are a step list on the booking run by the effects
 * engine's runner (platform/effects/steps.ts states the protocol), each step
 * idempotent, finished by the `booking.finish-steps` job after a crash.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { shanghaiDay } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { PointsService } from '../points/service';
import type { PaymentsService } from '../payments/service';
import { createStepList, type Step } from '../platform/effects/steps';
import type { MemberSlice } from '../members/service';
import { bookingModel, type BookingDoc } from './model';

export const depositRefundNo = (b: { _id: unknown }) => `BR${createHash('sha256').update(String(b._id)).digest('hex').slice(0, 30).toUpperCase()}`;

export function createAttendance(deps: { conn: Connection; clock: Clock; logger: Logger; points: PointsService; payments: PaymentsService; memberSlice: MemberSlice }) {
  const Booking = bookingModel(deps.conn);
  const Member = deps.memberSlice; // the no-show record on the member document

  /** Refund a paid deposit (stable out_refund_no: once); the refunded hook marks it refunded. */
  async function refundDeposit(b: BookingDoc, reason: string): Promise<void> {
    if (b.depositState !== 'paid' && b.depositState !== 'refunding') return;
    if (!b.outTradeNo) return;
    await Booking.updateOne({ _id: b._id, depositState: 'paid' }, { $set: { depositState: 'refunding' } });
    await deps.payments.requestRefund({ outTradeNo: b.outTradeNo, amountFen: b.depositFen, reason, outRefundNo: depositRefundNo(b) });
  }

  const steps: Step<BookingDoc>[] = [
    {
      name: 'points',
      due: (b) => b.state === 'attended' && b.attendPoints > 0,
      run: async (b) => {
        await deps.points.earn({ memberId: String(b.memberId), amount: b.attendPoints, reason: 'booking', source: 'booking', reference: String(b._id), leg: 'attend', note: `${b.serviceName} 到店` });
        await Booking.updateOne({ _id: b._id }, { $set: { pointsAwarded: b.attendPoints } });
      },
    },
    {
      name: 'deposit',
      due: (b) => b.depositFen > 0 && (b.state === 'attended' || b.state === 'no_show' || b.state === 'cancelled'),
      run: async (b) => {
        if (b.state === 'no_show' && b.keepDepositOnNoShow) {
          await Booking.updateOne({ _id: b._id, depositState: 'paid' }, { $set: { depositState: 'kept' } });
          return;
        }
        await refundDeposit(b, b.state === 'attended' ? '到店后退还预约定金' : b.state === 'cancelled' ? '取消预约退还定金' : '退还预约定金');
      },
    },
    {
      name: 'noShowCounted',
      due: (b) => b.state === 'no_show',
      run: async (b) => {
        await Member.updateOne({ _id: b.memberId, noShowBookingIds: { $ne: b._id } }, { $inc: { noShows: 1 }, $push: { noShowBookingIds: b._id } });
      },
    },
  ];

  const list = createStepList<BookingDoc>({ Model: Booking, steps: () => steps, logger: deps.logger, label: 'booking' });
  const applySteps = (bookingId: BookingDoc['_id'], loaded?: BookingDoc) => list.run(bookingId, loaded);

  /** booked → attended/no_show once; keys released (the seat stays: the time has come). */
  async function transition(b: BookingDoc, to: 'attended' | 'no_show', extra: Record<string, unknown>): Promise<BookingDoc> {
    const moved = await Booking.findOneAndUpdate(
      { _id: b._id, state: 'booked' },
      { $set: { state: to, steps: {}, stepsDone: false, ...extra }, $unset: { memberSlot: 1, quotaKey: 1 } },
      { returnDocument: 'after', lean: true },
    );
    if (!moved) {
      const current = (await Booking.findById(b._id).lean<BookingDoc>())!;
      if (current.state === to) return applySteps(current._id, current); // a retry (double scan): the same result
      throw new AppError('BOOKING_NOT_ACTIVE', `booking ${b._id} is ${current.state}`);
    }
    return applySteps(b._id, moved as BookingDoc);
  }

  return {
    applySteps,
    /** On the day of the visit, or up to 2 hours early (a late-evening shopper for an early slot). */
    async checkIn(b: BookingDoc, staffId: string): Promise<BookingDoc> {
      const now = deps.clock.now();
      const early = b.start.getTime() - now.getTime() <= 2 * 3600_000;
      if (b.state === 'booked' && shanghaiDay(b.start) !== shanghaiDay(now) && !early) throw new AppError('BOOKING_CHECKIN_NOT_TODAY', `booking ${b._id} is on ${shanghaiDay(b.start)}`);
      return transition(b, 'attended', { attendedAt: deps.clock.now(), checkedInBy: staffId });
    },
    async noShow(b: BookingDoc): Promise<BookingDoc> {
      if (b.state === 'booked' && b.start.getTime() > deps.clock.now().getTime()) throw new AppError('BOOKING_NOT_STARTED', `booking ${b._id} starts ${b.start.toISOString()}`);
      return transition(b, 'no_show', {});
    },
    /** Job: booked past end + grace → no_show. */
    async markNoShows(limit = 500): Promise<number> {
      const due = await Booking.find({ state: 'booked', noShowAt: { $lte: deps.clock.now() } }).limit(limit).lean<BookingDoc[]>();
      let n = 0;
      for (const b of due) {
        const r = await transition(b, 'no_show', {}).catch((err) => {
          deps.logger.warn({ err: (err as Error).message, bookingId: String(b._id) }, 'no-show not recorded');
          return null;
        });
        if (r) n += 1;
      }
      return n;
    },
    /** Job: steps a crash interrupted. */
    finishSteps: (limit = 500) => list.finishOpen({}, limit),
    refundDeposit,
  };
}

export type Attendance = ReturnType<typeof createAttendance>;

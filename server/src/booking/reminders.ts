/**
 * Booking reminders by subscribe message: a confirmation once booked, the day
 * before at 18:00 and 2 hours before. Each reminder is a state on the booking
 * (due → sending → sent | not_subscribed), claimed by a guarded update, so
 * each is sent at most once whatever the number of instances or re-runs.
 * A shopper who did not consent gets none (all skipped at booking time).
 */
import type { Connection } from 'mongoose';
import { shanghaiDay, shanghaiInstant, addDays } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import type { MemberSlice } from '../members/service';
import type { StoresService } from '../stores/service';
import type { MessagesService } from '../messages/service';
import { bookingModel, type BookingDoc, type Reminder, type ReminderKind } from './model';

/** The reminders of a booking starting at `start`, made at `now`. */
export function remindersFor(start: Date, now: Date, consent: boolean, keepConfirm?: Reminder): Reminder[] {
  const dayBefore = shanghaiInstant(addDays(shanghaiDay(start), -1), 18 * 60);
  const twoHours = new Date(start.getTime() - 2 * 3600_000);
  const plan: [ReminderKind, Date][] = [
    ['dayBefore', dayBefore],
    ['twoHours', twoHours],
  ];
  const later = plan.map(([kind, dueAt]): Reminder => ({ kind, dueAt, state: consent && dueAt.getTime() > now.getTime() ? 'due' : 'skipped' }));
  return [keepConfirm ?? { kind: 'confirm', dueAt: now, state: consent ? 'due' : 'skipped' }, ...later];
}

const fmt = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export function createReminders(deps: { conn: Connection; clock: Clock; logger: Logger; wechat: MiniProgramClient; stores: StoresService; memberSlice: MemberSlice; messages: Pick<MessagesService, 'compose'> }) {
  const Booking = bookingModel(deps.conn);
  const Member = deps.memberSlice;

  async function sendOne(b: BookingDoc, r: Reminder): Promise<'sent' | 'not_subscribed' | 'skipped' | 'failed'> {
    const claimed = await Booking.updateOne({ _id: b._id, state: 'booked' }, { $set: { 'reminders.$[r].state': 'sending' } }, { arrayFilters: [{ 'r.kind': r.kind, 'r.state': 'due' }] });
    if (claimed.modifiedCount !== 1) return 'skipped';
    const [m, store] = await Promise.all([Member.findById(b.memberId, { openid: 1 }), deps.stores.get(String(b.storeId))]);
    const confirm = r.kind === 'confirm';
    try {
      const tip = confirm ? '预约成功，请按时到店' : r.kind === 'dayBefore' ? '明天有您的预约，请按时到店' : '预约将在 2 小时后开始';
      const msg = await deps.messages.compose(confirm ? 'booking_confirm' : 'booking_reminder', { service: b.serviceName, time: fmt(b.start), store: store?.name ?? '门店', code: b.code, tip });
      if (!msg) {
        // The chain switched this reminder off (消息模板): nothing is sent, and it is not tried again.
        await Booking.updateOne({ _id: b._id }, { $set: { 'reminders.$[r].state': 'skipped' } }, { arrayFilters: [{ 'r.kind': r.kind, 'r.state': 'sending' }] });
        return 'skipped';
      }
      const res = await deps.wechat.sendSubscribeMessage({ toUser: m!.openid, templateId: msg.templateId, page: `pages-booking/booking-detail/index?id=${b._id}`, data: msg.data });
      const state = res.sent ? 'sent' : 'not_subscribed';
      await Booking.updateOne({ _id: b._id }, { $set: { 'reminders.$[r].state': state } }, { arrayFilters: [{ 'r.kind': r.kind, 'r.state': 'sending' }] });
      return state;
    } catch (err) {
      await Booking.updateOne({ _id: b._id }, { $set: { 'reminders.$[r].state': 'due' } }, { arrayFilters: [{ 'r.kind': r.kind, 'r.state': 'sending' }] });
      deps.logger.warn({ err: (err as Error).message, bookingId: String(b._id), kind: r.kind }, 'booking reminder failed, retried next run');
      return 'failed';
    }
  }

  async function sendDueOf(b: BookingDoc, now: Date): Promise<{ sent: number; notSubscribed: number }> {
    let sent = 0;
    let notSubscribed = 0;
    for (const r of b.reminders.filter((x) => x.state === 'due' && x.dueAt.getTime() <= now.getTime())) {
      // A reminder whose moment passed long ago (e.g. the job was down) is pointless after the start.
      if (r.kind !== 'confirm' && b.start.getTime() <= now.getTime()) {
        await Booking.updateOne({ _id: b._id }, { $set: { 'reminders.$[r].state': 'skipped' } }, { arrayFilters: [{ 'r.kind': r.kind, 'r.state': 'due' }] });
        continue;
      }
      const outcome = await sendOne(b, r);
      if (outcome === 'sent') sent += 1;
      if (outcome === 'not_subscribed') notSubscribed += 1;
    }
    return { sent, notSubscribed };
  }

  return {
    /** The reminders of one booking now due (the confirmation right after booking). */
    /** `created`: the booking as its insert just wrote it (no consent → nothing to read or send) */
    async sendFor(bookingId: BookingDoc['_id'], created?: BookingDoc): Promise<void> {
      if (created && !created.reminderConsent) return;
      const b = await Booking.findOne({ _id: bookingId, state: 'booked' }).lean<BookingDoc>();
      if (b?.reminderConsent) await sendDueOf(b, deps.clock.now());
    },
    /** Job: every reminder now due on an active booking (a reminder due while unpaid waits for the deposit). */
    async sendDue(limit = 500): Promise<{ sent: number; notSubscribed: number }> {
      const now = deps.clock.now();
      const due = await Booking.find({ state: 'booked', reminders: { $elemMatch: { state: 'due', dueAt: { $lte: now } } } }).limit(limit).lean<BookingDoc[]>();
      let sent = 0;
      let notSubscribed = 0;
      for (const b of due) {
        const r = await sendDueOf(b, now);
        sent += r.sent;
        notSubscribed += r.notSubscribed;
      }
      return { sent, notSubscribed };
    },
  };
}

export type Reminders = ReturnType<typeof createReminders>;

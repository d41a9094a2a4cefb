/**
 * 优惠券到期提醒: a subscribe message 3 days before a coupon expires, once per coupon, to members who consented. The
 * coupon's `reminder` goes none → sending (claimed by a guarded update, so one instance sends it) → sent |
 * not_subscribed; a failed send goes back to none and is retried next run. The template and its fields are the
 * chain's mapping (messages module); a kind switched off sends nothing and leaves the coupons as they are.
 */
import type { Connection } from 'mongoose';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { MembersService } from '../members/service';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import type { MessagesService } from '../messages/service';
import { couponModel, type CouponDoc } from './model';

export function createExpiryReminders(deps: { conn: Connection; clock: Clock; logger: Logger; members: Pick<MembersService, 'get'>; wechat: MiniProgramClient; messages: Pick<MessagesService, 'composer'> }) {
  const Coupon = couponModel(deps.conn);
  return async function sendExpiryReminders(limit = 500): Promise<{ sent: number; notSubscribed: number }> {
    const now = deps.clock.now();
    const soon = new Date(now.getTime() + 3 * 86400_000);
    const due = await Coupon.find({ state: 'available', reminder: 'none', validTo: { $gte: now, $lte: soon } }).limit(limit).lean<CouponDoc[]>();
    let sent = 0;
    let notSubscribed = 0;
    const compose = due.length ? await deps.messages.composer('coupon_expiry') : null;
    if (!compose) return { sent, notSubscribed };
    for (const c of due) {
      const msg = compose({ coupon: c.terms.name, expiresOn: c.validTo.toISOString().slice(0, 10), tip: '您的优惠券即将过期，请尽快使用' });
      const claimed = await Coupon.findOneAndUpdate({ _id: c._id, reminder: 'none' }, { $set: { reminder: 'sending' } }, { returnDocument: 'after' });
      if (!claimed) continue;
      const m = await deps.members.get(String(c.memberId));
      try {
        const r = await deps.wechat.sendSubscribeMessage({ toUser: m!.openid, templateId: msg.templateId, page: `pages-member/coupon-detail/index?id=${c._id}`, data: msg.data });
        await Coupon.updateOne({ _id: c._id, reminder: 'sending' }, { $set: { reminder: r.sent ? 'sent' : 'not_subscribed' } });
        if (r.sent) sent += 1;
        else notSubscribed += 1;
      } catch (err) {
        await Coupon.updateOne({ _id: c._id, reminder: 'sending' }, { $set: { reminder: 'none' } }); // retried next run
        deps.logger.warn({ err: (err as Error).message, couponId: String(c._id) }, 'coupon reminder failed');
      }
    }
    return { sent, notSubscribed };
  };
}

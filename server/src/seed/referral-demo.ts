/**
 * Referral demo: the welcome coupon wired into the programme, and 陈晓 as a
 * partner (so the 邀请有礼 page has a code and a poster). Idempotent.
 */
import type { Connection } from 'mongoose';
import type { Services } from '../services';
import { templateModel } from '../coupons/model';
import { memberModel } from '../members/model';

export const DEMO_PARTNER_OPENID = 'oHC0demo0shopper0chenxiao01';

export async function seedDemoReferrals(conn: Connection, services: Services): Promise<void> {
  const welcome = await templateModel(conn).findOne({ channel: 'referral', status: 'active' }).lean();
  const settings = await services.referrals.settings.get();
  if (welcome && !settings.welcomeTemplateId) await services.referrals.settings.put({ ...settings, welcomeTemplateId: String(welcome._id) });
  const partner = await memberModel(conn).findOne({ openid: DEMO_PARTNER_OPENID }).lean();
  if (partner) await services.referrals.join(String(partner._id), settings.termsVersion);
}

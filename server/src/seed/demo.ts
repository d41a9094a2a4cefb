/**
 * Seeds the demo once per database. Every step is an idempotent upsert, and
 * the "done" marker is written last, so a crash mid-seed is finished by the
 * next start and a completed seed never runs again.
 */
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db/connect';
import type { Logger } from '../platform/logger';
import { memberModel } from '../members/model';
import type { Services } from '../services';
import { DEMO_CHAIN_NAME, DEMO_COUPON_TEMPLATES, DEMO_PEOPLE, DEMO_STORES } from './demo-data';
import { templateInput } from '@homeclub/shared';
import { templateModel } from '../coupons/model';
import { seedDemoPosKey } from './pos-demo';
import { seedDemoBooking } from './booking-demo';
import { seedDemoReferrals } from './referral-demo';
import { seedDemoHistory } from './history';
import { seedDemoContent } from './content-demo';
import { seedConsoleDemo } from './console-demo';
import { seedDemoGuides } from './guide-demo';

const SEED_VERSION = 9;

const metaSchema = new Schema({ _id: String, version: Number, at: Date }, { collection: 'meta', versionKey: false });

const metaModel = (conn: Connection) => modelOn(conn, 'Meta', metaSchema);

export async function seedDemo(conn: Connection, services: Services, logger: Logger, opts: { history?: boolean } = {}): Promise<boolean> {
  const Meta = metaModel(conn);
  const done = await Meta.findById('seed:demo').lean<{ version: number }>();
  if (done && done.version >= SEED_VERSION) return opts.history ? seedHistoryOnce(conn, services, logger, Meta) : false;

  logger.info('seeding demo data (first start)');
  await services.stores.upsertChain(DEMO_CHAIN_NAME);
  const stores = new Map<string, string>();
  for (const s of DEMO_STORES) stores.set(s.code, String((await services.stores.upsert(s))._id));

  const Member = memberModel(conn);
  for (const p of DEMO_PEOPLE) {
    const { member } = await services.members.upsertByOpenid({ openid: p.openid });
    const roles = p.role === 'admin' ? ['member', 'admin'] : p.role === 'staff' ? ['member', 'staff'] : ['member'];
    await Member.updateOne(
      { _id: member._id },
      {
        $set: {
          nickname: p.nickname,
          roles,
          staffStoreId: p.storeCode ? stores.get(p.storeCode) : null,
          ...(p.phone && !member.phone ? { phone: p.phone, phoneCountryCode: '86', phoneBoundAt: new Date() } : {}),
        },
      },
    );
  }
  // Coupons demo (v3): templates first, so demo members get the new-member gift below.
  const admin = DEMO_PEOPLE.find((p) => p.role === 'admin')!;
  const adminDoc = await Member.findOne({ openid: admin.openid }).lean();
  for (const t of DEMO_COUPON_TEMPLATES) {
    if (await templateModel(conn).exists({ name: t.name })) continue;
    await services.coupons.createTemplate(String(adminDoc?._id ?? 'seed'), templateInput.parse(t));
  }

  // Membership demo (v2): growth, tier, points with history. Ledger keys make this idempotent.
  for (const p of DEMO_PEOPLE) {
    const member = await Member.findOne({ openid: p.openid }).lean();
    if (!member) continue;
    const memberId = String(member._id);
    await services.membership.onNewMember(memberId);
    await services.coupons.issueNewMemberGifts(memberId);
    if (p.growth) await services.membership.addGrowth({ memberId, delta: p.growth, reason: 'purchase', key: `seed:${memberId}:growth` });
    for (const [i, e] of (p.points ?? []).entries()) {
      await services.points.earn({ memberId, amount: e.amount, reason: e.reason, source: 'seed', reference: memberId, leg: `earn-${i}`, note: e.note });
    }
    if (p.birthday) await Member.updateOne({ _id: member._id, birthday: null }, { $set: { birthday: p.birthday, birthdayMonth: Number(p.birthday.slice(5, 7)) } });
    await services.membership.greetings.settle(memberId); // the demo's people are not new: no welcome popup
  }
  // Store POS demo (v4): an API key for the first store; its secret goes to DATA_DIR, never the repo.
  await seedDemoPosKey(services, stores.get(DEMO_STORES[0].code)!, logger);
  // Booking demo (v5): hours, service areas and the three services of each store.
  await seedDemoBooking(services, stores);
  // Referral demo (v6): the welcome coupon in the programme, 陈晓 as a partner.
  await seedDemoReferrals(conn, services);
  // Home content demo (v7): banners, shortcuts, featured coupons and a notice, published as version 1.
  await seedDemoContent(services, String(adminDoc?._id ?? 'seed'), stores.get(DEMO_STORES[0].code)!);
  // Console demo (v7): 李娜's export permission, 王芳 as manager of 上海浦东店, shoppers' preferred stores.
  await seedConsoleDemo(services, stores);
  // 导购 demo (v9): a guide per store with the demo shoppers as customers, and their follow-up tasks.
  await seedDemoGuides(conn, services, stores, String(adminDoc?._id ?? 'seed'));
  await Meta.updateOne({ _id: 'seed:demo' }, { $set: { version: SEED_VERSION, at: new Date() } }, { upsert: true });
  logger.info({ stores: DEMO_STORES.length, people: DEMO_PEOPLE.length }, 'demo data seeded');
  if (opts.history) await seedHistoryOnce(conn, services, logger, Meta);
  return true;
}

/**
 * Demo history (own marker, after step 7): six months of members, orders, coupons, points, bookings and referrals, then their
 * daily rollups; once per database (its own marker, written last), also onto a demo seeded before it existed.
 * The anchor time is kept first, so a re-run after a crash plans the same documents.
 */
async function seedHistoryOnce(conn: Connection, services: Services, logger: Logger, Meta: ReturnType<typeof metaModel>): Promise<boolean> {
  if (await Meta.exists({ _id: 'seed:history' })) return false;
  const anchor = await Meta.findOneAndUpdate({ _id: 'seed:history-anchor' }, { $setOnInsert: { at: new Date() } }, { upsert: true, returnDocument: 'after', lean: true });
  const stores = new Map((await services.stores.list()).map((s) => [s.code, String(s._id)]));
  await seedDemoHistory(conn, services, logger, (anchor as { at: Date }).at, stores);
  await Meta.updateOne({ _id: 'seed:history' }, { $set: { version: 7, at: new Date() } }, { upsert: true });
  return true;
}

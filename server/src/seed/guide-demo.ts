/**
 * 导购 demo (seed v9): a guide per store — 张伟 (上海徐汇店), 王芳 (上海浦东店, also
 * manager) and 刘洋 (杭州西湖店, a new clerk) — with the demo shoppers as their
 * customers (陈晓 → 张伟, 林悦 → 王芳, 赵磊 → 刘洋), 林悦's birthday this month, and
 * the follow-up job run once so the workspace shows tasks. Every step is idempotent.
 */
import type { Connection } from 'mongoose';
import type { Services } from '../services';
import type { Identity } from '../platform/http/context';
import { memberModel } from '../members/model';
import { DEMO_PEOPLE } from './demo-data';
import { DEMO_MANAGER } from './console-demo';

export const DEMO_GUIDE_CLERK = { openid: 'oHC0demo0guide0liuyang00001', nickname: '刘洋', storeCode: 'HZ-XH' };

export async function seedDemoGuides(
  conn: Connection,
  services: Services,
  stores: Map<string, string>,
  adminId: string,
): Promise<void> {
  const Member = memberModel(conn);
  const { member: clerk } = await services.members.upsertByOpenid({ openid: DEMO_GUIDE_CLERK.openid });
  await Member.updateOne(
    { _id: clerk._id },
    {
      $set: {
        nickname: DEMO_GUIDE_CLERK.nickname,
        roles: ['member', 'staff'],
        staffStoreId: stores.get(DEMO_GUIDE_CLERK.storeCode),
      },
    },
  );
  const admin: Identity = {
    memberId: adminId,
    sessionId: 'seed',
    roles: ['member', 'admin'],
    staffStoreId: null,
    channel: 'console',
  };
  const idOf = async (openid: string) => String((await Member.findOne({ openid }, { _id: 1 }).lean())!._id);
  const zhangwei = DEMO_PEOPLE.find((p) => p.nickname === '张伟')!.openid;
  const pairs: [string, string][] = [
    [zhangwei, DEMO_PEOPLE.find((p) => p.nickname === '陈晓')!.openid],
    [DEMO_MANAGER.openid, DEMO_PEOPLE.find((p) => p.nickname === '林悦')!.openid],
    [DEMO_GUIDE_CLERK.openid, DEMO_PEOPLE.find((p) => p.nickname === '赵磊')!.openid],
  ];
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(5, 7);
  await Member.updateOne(
    { openid: pairs[1]![1], birthday: null },
    { $set: { birthday: `1995-${month}-20`, birthdayMonth: Number(month) } },
  );
  for (const [guideOpenid, customerOpenid] of pairs) {
    const guide = await services.guides.createGuide(admin, await idOf(guideOpenid));
    await services.guides.bindByCode(await idOf(customerOpenid), guide.code);
  }
  await services.guides.workspace.generate();
}

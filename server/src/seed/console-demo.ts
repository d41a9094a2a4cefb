/**
 * Console demo (seed v7): 李娜 may export full phone numbers; 王芳 manages 上海浦东店
 * (store manager: the console for that store only); the demo shoppers get a
 * preferred store so a manager's member list is not empty. Idempotent.
 */
import type { Services } from '../services';
import { DEMO_ADMIN_OPENID } from './demo-data';

export const DEMO_MANAGER = { openid: 'oHC0demo0manager0wangfang1', nickname: '王芳', storeCode: 'SH-PD' };
const HOME_STORES: Record<string, string> = {
  oHC0demo0shopper0chenxiao01: 'SH-XH',
  oHC0demo0shopper0linyue0002: 'SH-PD',
  oHC0demo0shopper0zhaolei003: 'HZ-XH',
};

export async function seedConsoleDemo(services: Services, stores: Map<string, string>): Promise<void> {
  const admin = await services.membersConsole.findByOpenid(DEMO_ADMIN_OPENID);
  if (admin) await services.membersConsole.setPermissions(String(admin._id), ['export']);
  const { member: manager } = await services.members.upsertByOpenid({ openid: DEMO_MANAGER.openid });
  await services.membership.updateProfile(String(manager._id), { nickname: DEMO_MANAGER.nickname });
  await services.membersConsole.setManager(String(manager._id), stores.get(DEMO_MANAGER.storeCode)!);
  for (const [openid, code] of Object.entries(HOME_STORES)) {
    const m = await services.membersConsole.findByOpenid(openid);
    if (m && !m.preferredStoreId) await services.membership.updateProfile(String(m._id), { preferredStoreId: stores.get(code)! });
  }
}

/** Console II: chain settings with versions (membership), the tier preview (see ../api.ts). */
import { route } from './route';
import { putVersionedMembershipSettings, tierPreviewRequest, tierPreviewResponse, versionedMembershipSettings } from '../schemas/console-admin';

export const consoleSettingsRoutes = {
  consoleMembershipSettings: route({
    method: 'GET', path: '/api/console/settings/membership', tag: 'console', access: 'console',
    summary: '后台：会员等级与积分规则（含版本号；仅连锁管理员）',
    response: versionedMembershipSettings,
  }),
  consoleSaveMembershipSettings: route({
    method: 'PUT', path: '/api/console/settings/membership', tag: 'console', access: 'console',
    summary: '后台：保存会员设置（基于版本号；他人已先保存时返回 SETTINGS_CONFLICT，不会覆盖）',
    body: putVersionedMembershipSettings, response: versionedMembershipSettings,
  }),
  consoleTierPreview: route({
    method: 'POST', path: '/api/console/settings/membership/preview', tag: 'console', access: 'console',
    summary: '后台：保存前预览各等级人数（按当前成长值；降级仅在年度评定时生效）',
    body: tierPreviewRequest, response: tierPreviewResponse,
  }),
} as const;

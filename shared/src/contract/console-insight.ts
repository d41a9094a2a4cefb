/**
 * Member insight in the operator console (see ../api.ts): the same schemas as
 * the admin routes of ./insight.ts, under /api/console/insight with the
 * console's cookie session; the server allows chain admins only.
 */
import { insightRoutes as admin } from './insight';
import { z } from 'zod';
import { route, type RouteContract } from './route';
import { templateView } from '../schemas/coupons';
import { putVersionedInsightSettings, versionedInsightSettings } from '../schemas/insight';

type ConsoleOf<R extends RouteContract> = Omit<R, 'path' | 'tag' | 'access' | 'summary'> & { path: string; tag: 'console'; access: 'console'; summary: string };

function forConsole<const R extends RouteContract>(r: R, summary: string): ConsoleOf<R> {
  return { ...r, path: r.path.replace('/api/admin/insight', '/api/console/insight'), tag: 'console', access: 'console', summary };
}

export const consoleInsightRoutes = {
  consoleInsightSettings: route({
    method: 'GET', path: '/api/console/insight/settings', tag: 'console', access: 'console',
    summary: '后台：会员洞察设置（RFM 窗口、阶段阈值、频控、免打扰时段；含版本号）',
    response: versionedInsightSettings,
  }),
  consolePutInsightSettings: route({
    method: 'PUT', path: '/api/console/insight/settings', tag: 'console', access: 'console',
    summary: '后台：修改会员洞察设置（基于版本号；他人已先保存时返回 SETTINGS_CONFLICT，不会覆盖）',
    body: putVersionedInsightSettings, response: versionedInsightSettings,
  }),
  consoleInsightStages: forConsole(admin.adminInsightStages, '后台：生命周期阶段每月人数与阶段流转'),
  consoleInsightRfm: forConsole(admin.adminInsightRfm, '后台：RFM 八类客群的人数与近 365 天销售额'),
  consoleInsightRunScores: forConsole(admin.adminInsightRunScores, '后台：立即计算（或继续）今天的评分'),
  consoleSegmentPreview: forConsole(admin.adminSegmentPreview, '后台：人群规则实时预览（人数与样例会员）'),
  consoleSegments: forConsole(admin.adminSegments, '后台：人群列表'),
  consoleCreateSegment: forConsole(admin.adminCreateSegment, '后台：新建动态人群（使用时按规则计算）'),
  consoleSnapshotSegment: forConsole(admin.adminSnapshotSegment, '后台：冻结人群当前成员为快照人群'),
  consoleTagMembers: forConsole(admin.adminTagMembers, '后台：给会员添加或移除手工标签'),
  consoleImportTags: forConsole(admin.adminImportTags, '后台：CSV 导入手工标签（每行 会员ID,标签[,标签…]）'),
  consoleCampaigns: forConsole(admin.adminCampaigns, '后台：营销活动列表（含执行进度）'),
  consoleCreateCampaign: forConsole(admin.adminCreateCampaign, '后台：新建营销活动（人群、动作、排期、对照组、预算）'),
  consoleCampaign: forConsole(admin.adminCampaign, '后台：营销活动详情与执行记录'),
  consoleCampaignStatus: forConsole(admin.adminCampaignStatus, '后台：暂停、恢复或结束营销活动'),
  consoleRunCampaign: forConsole(admin.adminRunCampaign, '后台：立即执行（或继续）活动本期发放（仍遵守免打扰与暂停）'),
  consoleCampaignReport: forConsole(admin.adminCampaignReport, '后台：活动效果：实验组对照组的转化、人均订单与销售额（95% 置信区间）、增量销售额'),
  consoleInsightGiftTemplates: route({
    method: 'GET',
    path: '/api/console/insight/gift-templates',
    tag: 'console',
    access: 'console',
    summary: '后台：可作为活动礼品的优惠券模板（活动渠道、启用中）',
    response: z.object({ items: z.array(templateView) }),
  }),
} as const;

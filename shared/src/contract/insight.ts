/** The member insight and campaign routes of the API contract (see ../api.ts). */
import { z } from 'zod';
import { route } from './route';
import { okResponse } from '../schemas/common';
import {
  campaignInput,
  campaignList,
  campaignReport,
  campaignStatusRequest,
  campaignView,
  giftsResponse,
  giftsSeenRequest,
  idParams,
  insightSettings,
  monthsQuery,
  previewResponse,
  rfmResponse,
  runView,
  segmentInput,
  segmentList,
  segmentRule,
  segmentView,
  stagesResponse,
  tagsCsvRequest,
  tagsRequest,
  tagsResponse,
} from '../schemas/insight';

const admin = { tag: 'insight', access: 'admin' } as const;

export const insightRoutes = {
  adminInsightSettings: route({ ...admin, method: 'GET', path: '/api/admin/insight/settings', summary: '会员洞察设置：RFM 窗口、预约是否计入最近消费、阶段阈值、频控、免打扰时段', response: insightSettings }),
  adminPutInsightSettings: route({ ...admin, method: 'PUT', path: '/api/admin/insight/settings', summary: '修改会员洞察设置', body: insightSettings, response: insightSettings }),
  adminInsightStages: route({ ...admin, method: 'GET', path: '/api/admin/insight/stages', summary: '生命周期阶段每月人数与阶段流转（夜间计算的汇总）', query: monthsQuery, response: stagesResponse }),
  adminInsightRfm: route({ ...admin, method: 'GET', path: '/api/admin/insight/rfm', summary: 'RFM 八类客群：人数与近 365 天销售额', response: rfmResponse }),
  adminInsightRunScores: route({ ...admin, method: 'POST', path: '/api/admin/insight/scores/run', summary: '立即计算（或继续）今天的评分', response: z.object({ date: z.string(), phase: z.string(), members: z.number().int() }) }),
  adminSegmentPreview: route({ ...admin, method: 'POST', path: '/api/admin/insight/segments/preview', summary: '人群规则的实时人数与样例会员', body: segmentRule, response: previewResponse }),
  adminSegments: route({ ...admin, method: 'GET', path: '/api/admin/insight/segments', summary: '人群列表', response: segmentList }),
  adminCreateSegment: route({ ...admin, method: 'POST', path: '/api/admin/insight/segments', status: 201, summary: '新建动态人群（每次使用时按规则计算）', body: segmentInput, response: segmentView }),
  adminSnapshotSegment: route({ ...admin, method: 'POST', path: '/api/admin/insight/segments/:id/snapshot', status: 201, summary: '冻结人群当前成员为新的快照人群', params: idParams, response: segmentView }),
  adminTagMembers: route({ ...admin, method: 'POST', path: '/api/admin/insight/tags', summary: '给会员添加（或移除）手工标签', body: tagsRequest, response: tagsResponse }),
  adminImportTags: route({ ...admin, method: 'POST', path: '/api/admin/insight/tags/import', summary: 'CSV 导入手工标签（每行 会员ID,标签[,标签…]）', body: tagsCsvRequest, response: tagsResponse }),
  adminCampaigns: route({ ...admin, method: 'GET', path: '/api/admin/insight/campaigns', summary: '营销活动列表（含执行与进度）', response: campaignList }),
  adminCreateCampaign: route({ ...admin, method: 'POST', path: '/api/admin/insight/campaigns', status: 201, summary: '新建营销活动：人群、动作、排期、对照组、预算', body: campaignInput, response: campaignView }),
  adminCampaign: route({ ...admin, method: 'GET', path: '/api/admin/insight/campaigns/:id', summary: '营销活动详情与执行记录', params: idParams, response: campaignView }),
  adminCampaignStatus: route({ ...admin, method: 'POST', path: '/api/admin/insight/campaigns/:id/status', summary: '暂停、恢复或结束营销活动', params: idParams, body: campaignStatusRequest, response: campaignView }),
  adminRunCampaign: route({ ...admin, method: 'POST', path: '/api/admin/insight/campaigns/:id/run', summary: '立即执行（或继续）活动本期发放（仍遵守免打扰与暂停）', params: idParams, response: runView }),
  adminCampaignReport: route({ ...admin, method: 'GET', path: '/api/admin/insight/campaigns/:id/report', summary: '活动效果：实验组对照组的转化、人均订单与销售额（95% 置信区间）、增量销售额', params: idParams, query: z.object({ fresh: z.enum(['0', '1']).default('0') }), response: campaignReport }),
  myGifts: route({ method: 'GET', path: '/api/insight/gifts', tag: 'insight', access: 'member', summary: '我尚未看过的活动礼包（下次打开时弹窗）', response: giftsResponse }),
  myGiftsSeen: route({ method: 'POST', path: '/api/insight/gifts/seen', tag: 'insight', access: 'member', summary: '将礼包标记为已看（弹窗已展示）', body: giftsSeenRequest, response: okResponse }),
} as const;

/** Console: the partner programme (合伙人; see ../api.ts). Chain admins only. */
import { route } from './route';
import {
  consolePartnerDecision,
  consolePartnerList,
  consolePartnerParams,
  consolePartnerQuery,
  consolePartnerRow,
  consoleRewardList,
  consoleRewardQuery,
  putVersionedReferralSettings,
  versionedReferralSettings,
} from '../schemas/console-referrals';

export const consoleReferralsRoutes = {
  consoleReferralSettings: route({
    method: 'GET', path: '/api/console/referrals/settings', tag: 'console', access: 'console',
    summary: '后台：合伙人计划设置（含版本号）',
    response: versionedReferralSettings,
  }),
  consolePutReferralSettings: route({
    method: 'PUT', path: '/api/console/referrals/settings', tag: 'console', access: 'console',
    summary: '后台：保存合伙人计划设置（基于版本号；他人已先保存时返回 SETTINGS_CONFLICT）',
    body: putVersionedReferralSettings, response: versionedReferralSettings,
  }),
  consolePartners: route({
    method: 'GET', path: '/api/console/referrals/partners', tag: 'console', access: 'console',
    summary: '后台：合伙人与申请（含邀请人数、奖励合计）',
    query: consolePartnerQuery, response: consolePartnerList,
  }),
  consoleDecidePartner: route({
    method: 'POST', path: '/api/console/referrals/partners/:memberId/decision', tag: 'console', access: 'console',
    summary: '后台：批准或驳回合伙人申请（驳回须填原因）',
    params: consolePartnerParams, body: consolePartnerDecision, response: consolePartnerRow,
  }),
  consoleReferralRewards: route({
    method: 'GET', path: '/api/console/referrals/rewards', tag: 'console', access: 'console',
    summary: '后台：合伙人奖励（待结算、已结算、已取消；最新在前，最多 200 条）',
    query: consoleRewardQuery, response: consoleRewardList,
  }),
} as const;

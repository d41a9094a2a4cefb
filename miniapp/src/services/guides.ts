/**
 * 导购 on the mini-program side: the guide's code from a launch (a shared card
 * opens `/pages/index/index?guide=CODE`, a scanned code `scene=g%3DCODE`), the
 * shopper's binding call, the guide workspace API and its Chinese labels.
 */
import { GUIDE_CODE_PATTERN, type GuideTaskRule, type GuideBindingSource } from '@homeclub/shared';
import { call } from './api';
import { decodeFully } from './invite';

const normalize = (v: string) => {
  const code = decodeFully(v).trim().toUpperCase();
  return GUIDE_CODE_PATTERN.test(code) ? code : null;
};

/** The guide code of a launch: `guide` first, else `g` in the scene; null when absent or malformed. */
export function guideFromLaunch(params: Record<string, unknown> | null | undefined): string | null {
  if (!params) return null;
  if (typeof params.guide === 'string') return normalize(params.guide);
  if (typeof params.scene !== 'string') return null;
  for (const pair of decodeFully(params.scene).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === 'g') return normalize(pair.slice(eq + 1));
  }
  return null;
}

export const TASK_RULE_LABELS: Record<GuideTaskRule, string> = {
  booking_tomorrow: '预约确认',
  visit_no_purchase: '到店回访',
  birthday: '生日关怀',
  coupon_expiring: '券到期提醒',
};
export const SOURCE_LABELS: Record<GuideBindingSource, string> = {
  code: '扫码/分享',
  checkin: '到店签到',
  till: '收银开单',
  transfer: '客户转移',
};

export const bindGuide = (code: string) => call('guideBind', { body: { code }, toast: false });
export const fetchGuideMe = () => call('guideMe', { toast: false });
export const fetchGuideCustomers = () => call('guideCustomers', { toast: false });
export const fetchGuideCustomer = (memberId: string) => call('guideCustomer', { params: { memberId }, toast: false });
export const addGuideNote = (memberId: string, text: string) =>
  call('guideAddNote', { params: { memberId }, body: { text }, toast: false });
export const fetchGuideTasks = () => call('guideTasks', { toast: false });
export const finishGuideTask = (taskId: string) => call('guideTaskDone', { params: { taskId }, toast: false });
export const snoozeGuideTask = (taskId: string, days: number) =>
  call('guideTaskSnooze', { params: { taskId }, body: { days }, toast: false });
export const fetchGuidePoster = () => call('guidePoster', { toast: false });

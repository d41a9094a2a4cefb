/**
 * 邀请有礼 / 合伙人: API calls (none toasts: the pages show the error where it
 * happened) and display helpers — reward amounts in 积分 or ¥ (fen), reward and
 * friend states in Chinese, months of the leaderboard in China time.
 */
import { formatFen, type RewardView } from '@homeclub/shared';
import { call } from './api';
import { formatDate, formatPoints } from './membership';

import { normalizeInviteCode } from './invite';

export { inviterFromLaunch, inviterFromScene, normalizeInviteCode } from './invite';

export type RewardKind = 'points' | 'cash';
export type FriendStatus = 'registered' | 'booked' | 'purchased';
export type FriendVia = 'link' | 'poster' | 'lead' | 'other';

/** The share card of an invite. */
export interface InviteShare {
  title: string;
  /** e.g. /pages/index/index?inviter=CODE */
  path: string;
}

/** What the poster needs from GET /api/referrals/poster-code. */
export interface PosterData {
  nickname: string;
  code: string;
  /** the mini-program code PNG, base64 */
  pngBase64: string;
}

// ---------------------------------------------------------------- API

export const fetchReferralMe = () => call('referralMe', { toast: false });
export const joinReferrals = (termsVersion: string) => call('referralJoin', { body: { termsVersion }, toast: false });
export const fetchDashboard = () => call('referralDashboard', { toast: false });
export const fetchLeaderboard = (month?: string) => call('referralLeaderboard', { query: { month }, toast: false });
export const fetchPosterCode = () => call('referralPosterCode', { toast: false });
export const fetchInviteLanding = (code: string) => call('inviteLanding', { params: { code }, toast: false });
export const submitLead = (body: { partnerCode: string; phone: string; intent: string }) =>
  call('staffReferralLead', { body, toast: false });

// ---------------------------------------------------------------- formatting

/** "1,200 积分" or "¥12.50" (cash rewards are fen; whole yuan without decimals). */
export function formatReward(amount: number, kind: RewardKind): string {
  if (kind === 'points') return `${formatPoints(amount)} 积分`;
  return formatFen(amount).replace(/\.00$/, '');
}

/** The unit shown next to a total: 积分 or 元. */
export function rewardUnit(kind: RewardKind): string {
  return kind === 'points' ? '积分' : '元';
}

/** A total without its unit: "1,200" (points) or "12.5" / "12" (yuan). */
export function formatRewardNumber(amount: number, kind: RewardKind): string {
  if (kind === 'points') return formatPoints(amount);
  return formatFen(amount, { symbol: false }).replace(/\.00$/, '');
}

export const FRIEND_STATUS_TEXT: Record<FriendStatus, string> = {
  registered: '已注册',
  booked: '已预约',
  purchased: '已下单',
};

export const FRIEND_VIA_TEXT: Record<FriendVia, string> = {
  link: '分享链接',
  poster: '海报扫码',
  lead: '门店报备',
  other: '邀请链接',
};

export interface RewardStateText {
  tag: string;
  /** the date line under the amount */
  detail: string;
}

/** 「待结算 · 预计 2026-11-29 到账」, 「已到账 · 2026-11-29」 or 「已取消 · 好友已全额退款」. */
export function rewardState(reward: Pick<RewardView, 'state' | 'settleAt' | 'settledAt'>): RewardStateText {
  if (reward.state === 'pending') return { tag: '待结算', detail: `预计 ${formatDate(reward.settleAt)} 到账` };
  if (reward.state === 'settled') return { tag: '已到账', detail: `${formatDate(reward.settledAt ?? reward.settleAt)} 到账` };
  return { tag: '已取消', detail: '好友已全额退款' };
}

/** Notes on a reward changed by refunds: reduced before settlement, clawed back after. */
export function rewardAdjustments(reward: Pick<RewardView, 'state' | 'amount' | 'netAmount' | 'clawedBack' | 'clawedBackAt' | 'kind'>): string[] {
  const notes: string[] = [];
  if (reward.state === 'pending' && reward.netAmount < reward.amount) {
    notes.push(`好友部分退款，原 ${formatReward(reward.amount, reward.kind)}`);
  }
  if (reward.clawedBack > 0) notes.push(`${reward.clawedBackAt ? `${formatDate(reward.clawedBackAt)} ` : ''}已追回 ${formatReward(reward.clawedBack, reward.kind)}`);
  return notes;
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** This month in China time, "YYYY-MM". */
export function monthInChina(now = Date.now()): string {
  const d = new Date(now + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** "2026-11" → "2026年11月". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** Title of the share card. */
export function shareTitle(nickname: string | null | undefined): string {
  return `${nickname ? `${nickname} ` : ''}邀请你加入 HomeClub 家居会员，注册领见面礼`;
}

// ---------------------------------------------------------------- staff 报备

export type LeadField = 'partnerCode' | 'phone' | 'intent';
export type LeadErrors = Partial<Record<LeadField, string>>;

export interface LeadForm {
  partnerCode: string;
  phone: string;
  intent: string;
}

const MOBILE = /^1\d{10}$/;

/** What is wrong with each field, in Chinese (the server's field messages are for developers). */
export const LEAD_FIELD_MESSAGES: Record<LeadField, string> = {
  partnerCode: '请输入正确的合伙人邀请码（4–8 位）',
  phone: '请输入 11 位手机号',
  intent: '请填写 2–100 字的意向说明',
};

/** Client-side checks of a 报备 (the server's rules); empty when the form can be sent. */
export function validateLead(form: LeadForm): LeadErrors {
  const errors: LeadErrors = {};
  if (!normalizeInviteCode(form.partnerCode)) errors.partnerCode = LEAD_FIELD_MESSAGES.partnerCode;
  if (!MOBILE.test(form.phone.trim())) errors.phone = LEAD_FIELD_MESSAGES.phone;
  const intent = form.intent.trim();
  if (intent.length < 2 || intent.length > 100) errors.intent = LEAD_FIELD_MESSAGES.intent;
  return errors;
}

/**
 * 邀请有礼's data: GET /api/referrals/me (what shows), the dashboard once the member is an active partner, 「同意协议」
 * (POST /api/referrals/join with the terms version read; newer terms or a changed eligibility re-read what applies
 * now), the poster code (made once), and the share card of an active partner.
 */
import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import type { DashboardResponse, ResponseOf } from '@homeclub/shared';
import { isApiError } from '../services/api';
import {
  fetchDashboard,
  fetchPosterCode,
  fetchReferralMe,
  joinReferrals,
  shareTitle,
  type InviteShare,
  type PosterData,
} from '../services/referrals';
import { useInviteShare } from '../platform/invite-share';

export type ReferralMe = ResponseOf<'referralMe'>;
export type Load<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };
export type PosterLoad = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: PosterData };

export function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

export function useInvite() {
  const [me, setMe] = useState<Load<ReferralMe>>({ status: 'loading' });
  const [dash, setDash] = useState<Load<DashboardResponse>>({ status: 'loading' });
  const [joining, setJoining] = useState(false);
  const [joinError, setJoinError] = useState<string | null>(null);
  const [poster, setPoster] = useState<PosterLoad>({ status: 'idle' });

  const loadMe = useCallback(async (quiet = false) => {
    if (!quiet) setMe({ status: 'loading' });
    try {
      const data = await fetchReferralMe();
      setMe({ status: 'ready', data });
      return data;
    } catch (err) {
      if (!quiet) setMe({ status: 'error', message: errorText(err, '邀请有礼加载失败') });
      return null;
    }
  }, []);

  const loadDashboard = useCallback(async () => {
    setDash({ status: 'loading' });
    try {
      setDash({ status: 'ready', data: await fetchDashboard() });
    } catch (err) {
      setDash({ status: 'error', message: errorText(err, '邀请数据加载失败') });
    }
  }, []);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  const ready = me.status === 'ready' ? me.data : null;
  const partner = ready?.partner ?? null;
  const isPartner = partner?.status === 'active';
  const share: InviteShare | null =
    ready && isPartner && ready.active && ready.sharePath ? { title: shareTitle(partner?.nickname), path: ready.sharePath } : null;
  useInviteShare(share);

  useEffect(() => {
    if (isPartner) void loadDashboard();
  }, [isPartner, loadDashboard]);

  const join = useCallback(async () => {
    if (!ready || joining) return;
    setJoining(true);
    setJoinError(null);
    try {
      const joined = await joinReferrals(ready.termsVersion);
      const next = await loadMe(true);
      if (!next) setMe({ status: 'ready', data: { ...ready, partner: joined } });
      if (joined.status === 'active') void Taro.showToast({ title: '已成为合伙人', icon: 'success' });
    } catch (err) {
      setJoinError(errorText(err, '提交失败，请稍后重试'));
      // Newer terms or a changed eligibility: show what applies now.
      if (isApiError(err) && (err.code === 'REFERRAL_TERMS_OUTDATED' || err.code === 'REFERRAL_NOT_ELIGIBLE')) await loadMe(true);
    } finally {
      setJoining(false);
    }
  }, [ready, joining, loadMe]);

  const makePoster = useCallback(async () => {
    if (poster.status === 'loading' || poster.status === 'ready') return;
    setPoster({ status: 'loading' });
    try {
      const data = await fetchPosterCode();
      setPoster({ status: 'ready', data: { nickname: data.nickname, code: data.code, pngBase64: data.pngBase64 } });
    } catch (err) {
      setPoster({ status: 'error', message: errorText(err, '海报生成失败，请稍后重试') });
    }
  }, [poster.status]);

  return { me, loadMe, dash, loadDashboard, isPartner, partner, share, joining, joinError, join, poster, makePoster };
}

/**
 * 邀请有礼 (from 首页 and 我的). GET /api/referrals/me decides what shows:
 * - not a partner: the programme terms (scrollable), the reward rules and
 *   「同意协议并成为合伙人」 (POST /api/referrals/join); with applications the
 *   partner is pending → 「申请已提交，等待审核」; not eligible → the reason.
 * - partner: my invite code (copy), 「分享给好友」 (weapp share card with
 *   `/pages/index/index?inviter=CODE`; H5: the link to copy), 「生成海报」 (poster
 *   with the mini-program code, saved to the album), and the dashboard
 *   (GET /api/referrals/dashboard): totals, invited friends (masked) with their
 *   status, rewards pending/settled/cancelled with dates and claw-backs, and the
 *   monthly leaderboard (GET /api/referrals/leaderboard). Amounts are points or
 *   fen (cash) as the chain's programme says.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { DashboardResponse, ResponseOf, RewardView } from '@homeclub/shared';
import { isApiError } from '../../services/api';
import {
  fetchDashboard,
  fetchLeaderboard,
  fetchPosterCode,
  fetchReferralMe,
  formatReward,
  formatRewardNumber,
  FRIEND_STATUS_TEXT,
  FRIEND_VIA_TEXT,
  joinReferrals,
  monthInChina,
  monthLabel,
  previousMonth,
  rewardAdjustments,
  rewardState,
  shareTitle,
  type InviteShare,
  type PosterData,
} from '../../services/referrals';
import { formatDate } from '../../services/membership';
import { useSession } from '../../services/session';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { InviteShareButton, useInviteShare } from '../../platform/invite-share';
import { InvitePoster } from '../../platform/invite-poster';
import './index.css';

type ReferralMe = ResponseOf<'referralMe'>;
type Leaderboard = ResponseOf<'referralLeaderboard'>;

type Load<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };
type PosterLoad = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: PosterData };

function errorText(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

// ---------------------------------------------------------------- not a partner yet

interface TermsProps {
  me: ReferralMe;
  joining: boolean;
  joinError: string | null;
  onJoin: () => void;
}

function TermsCard({ me, title }: { me: ReferralMe; title: string }) {
  return (
    <View className='card invite-terms-card'>
      <Text className='invite-section__title'>{title}</Text>
      <Text className='invite-terms__version'>协议版本 {me.termsVersion}</Text>
      <ScrollView scrollY className='invite-terms' id='invite-terms'>
        <Text className='invite-terms__text'>{me.termsText}</Text>
      </ScrollView>
    </View>
  );
}

function JoinSection({ me, joining, joinError, onJoin }: TermsProps) {
  const partner = me.partner;
  return (
    <>
      <View className='card invite-hero'>
        <Text className='invite-hero__title'>邀请有礼</Text>
        <Text className='invite-hero__desc'>成为 HomeClub 合伙人，邀请好友注册会员，好友消费你得奖励。</Text>
      </View>
      <View className='card' id='invite-summary'>
        <Text className='invite-section__title'>奖励规则</Text>
        <Text className='invite-summary__text'>{me.rewardSummary}</Text>
      </View>
      <TermsCard me={me} title='合伙人协议' />
      {partner?.status === 'pending' ? (
        <View className='notice invite-status' id='invite-applied'>
          <Text>申请已提交，等待审核。审核通过后即可邀请好友。</Text>
        </View>
      ) : partner?.status === 'rejected' ? (
        <View className='notice notice--muted invite-status' id='invite-rejected'>
          <Text>很抱歉，您的合伙人申请未通过。如有疑问请联系门店。</Text>
        </View>
      ) : !me.eligible ? (
        <View className='notice notice--muted invite-status' id='invite-ineligible'>
          <Text>{me.ineligibleReason ?? '您暂时不能成为合伙人'}</Text>
        </View>
      ) : (
        <View className='invite-join'>
          {joinError ? (
            <View className='form-alert' id='invite-join-error'>
              <Text>{joinError}</Text>
            </View>
          ) : null}
          <Button
            id='invite-join'
            className='btn btn--primary btn--block'
            loading={joining}
            disabled={joining}
            onClick={onJoin}
          >
            同意协议并成为合伙人
          </Button>
          {me.eligibility === 'application' ? (
            <Text className='invite-join__hint'>提交后由品牌审核，通过后即可邀请好友</Text>
          ) : null}
        </View>
      )}
    </>
  );
}

// ---------------------------------------------------------------- dashboard

function Totals({ d }: { d: DashboardResponse }) {
  const unit = d.kind === 'points' ? '积分' : '(元)';
  const stat = (id: string, value: string, label: string, extra = '') => (
    <View className={`invite-stat${extra}`} id={id}>
      <Text className='invite-stat__value'>{value}</Text>
      <Text className='invite-stat__label'>{label}</Text>
    </View>
  );
  return (
    <View className='card invite-totals' id='invite-totals'>
      <View className='invite-totals__row'>
        {stat('invite-invited', String(d.invited), '邀请好友')}
        {stat('invite-purchased', String(d.purchased), '已下单')}
      </View>
      <View className='invite-totals__row'>
        {stat('invite-pending', formatRewardNumber(d.pending, d.kind), `待结算${unit}`)}
        {stat('invite-settled', formatRewardNumber(d.settled, d.kind), `已到账${unit}`, ' invite-stat--settled')}
        {stat('invite-clawed', formatRewardNumber(d.clawedBack, d.kind), `已追回${unit}`, ' invite-stat--clawed')}
      </View>
    </View>
  );
}

function FriendsList({ d }: { d: DashboardResponse }) {
  return (
    <View className='card invite-list' id='invite-friends'>
      <Text className='invite-section__title'>邀请的好友</Text>
      {d.friends.length === 0 ? (
        <EmptyState id='invite-friends-empty' icon='友' title='还没有邀请到好友' description='分享给好友或生成海报，好友注册后会显示在这里。' />
      ) : (
        d.friends.map((f, i) => (
          <View className='invite-row' id={`invite-friend-${i}`} key={`${f.boundAt}-${i}`}>
            <View className='invite-row__main'>
              <Text className='invite-row__title'>{f.nickname}</Text>
              <Text className='invite-row__desc'>
                {formatDate(f.boundAt)} 注册 · {FRIEND_VIA_TEXT[f.via]}
              </Text>
            </View>
            <Text className={`invite-tag invite-tag--${f.status}`}>{FRIEND_STATUS_TEXT[f.status]}</Text>
          </View>
        ))
      )}
    </View>
  );
}

function RewardRow({ r }: { r: RewardView }) {
  const state = rewardState(r);
  const notes = rewardAdjustments(r);
  const shown = r.state === 'cancelled' ? r.amount : r.netAmount;
  return (
    <View className={`invite-row invite-reward invite-reward--${r.state}`} id={`invite-reward-${r.id}`}>
      <View className='invite-row__main'>
        <Text className='invite-row__title'>
          {r.friend}
          {r.level === 2 ? <Text className='invite-reward__level'> · 二级奖励</Text> : null}
        </Text>
        <Text className='invite-row__desc'>{formatDate(r.orderPaidAt)} 下单</Text>
        {notes.map((note) => (
          <Text className='invite-reward__note' key={note}>
            {note}
          </Text>
        ))}
      </View>
      <View className='invite-reward__side'>
        <Text className='invite-reward__amount'>{formatReward(shown, r.kind)}</Text>
        <Text className={`invite-tag invite-tag--${r.state}`}>{state.tag}</Text>
        <Text className='invite-reward__date'>{state.detail}</Text>
      </View>
    </View>
  );
}

function RewardsList({ d }: { d: DashboardResponse }) {
  return (
    <View className='card invite-list' id='invite-rewards'>
      <Text className='invite-section__title'>奖励明细</Text>
      {d.rewards.length === 0 ? (
        <EmptyState id='invite-rewards-empty' icon='奖' title='暂无奖励' description='好友下单支付后，奖励先待结算，退款期结束后到账。' />
      ) : (
        d.rewards.map((r) => <RewardRow r={r} key={r.id} />)
      )}
    </View>
  );
}

function LeaderboardTab() {
  // the partner's own row shows their own nickname, not the masked 「会***」 others see
  const myName = useSession().member?.nickname ?? null;
  const thisMonth = useRef(monthInChina()).current;
  const [month, setMonth] = useState(thisMonth);
  const [load, setLoad] = useState<Load<Leaderboard>>({ status: 'loading' });
  const seq = useRef(0);

  const loadBoard = useCallback(async (m: string) => {
    const mine = ++seq.current;
    setLoad({ status: 'loading' });
    try {
      // The current month is the server's default (its clock decides what "this month" is).
      const data = await fetchLeaderboard(m === thisMonth ? undefined : m);
      if (mine === seq.current) setLoad({ status: 'ready', data });
    } catch (err) {
      if (mine === seq.current) setLoad({ status: 'error', message: errorText(err, '排行榜加载失败') });
    }
  }, [thisMonth]);

  useEffect(() => {
    void loadBoard(month);
  }, [month, loadBoard]);

  const months = [
    { id: 'invite-month-current', month: thisMonth, label: '本月' },
    { id: 'invite-month-prev', month: previousMonth(thisMonth), label: '上月' },
  ];
  return (
    <View className='card invite-list' id='invite-leaderboard'>
      <View className='invite-board__head'>
        <Text className='invite-section__title'>{monthLabel(load.status === 'ready' ? load.data.month : month)} 合伙人排行榜</Text>
        <View className='invite-board__months'>
          {months.map((m) => (
            <Text
              key={m.id}
              id={m.id}
              className={`chip${m.month === month ? ' chip--active' : ''}`}
              onClick={() => m.month !== month && setMonth(m.month)}
            >
              {m.label}
            </Text>
          ))}
        </View>
      </View>
      {load.status === 'loading' ? <LoadingState text='排行榜加载中…' /> : null}
      {load.status === 'error' ? <ErrorState id='invite-leaderboard-error' message={load.message} onRetry={() => void loadBoard(month)} /> : null}
      {load.status === 'ready' && load.data.items.length === 0 ? (
        <EmptyState id='invite-leaderboard-empty' icon='榜' title='本月还没有合伙人上榜' description='邀请好友下单，奖励越多排名越靠前。' />
      ) : null}
      {load.status === 'ready'
        ? load.data.items.map((item) => (
            <View
              key={item.rank}
              id={`invite-rank-${item.rank}`}
              className={`invite-rank${item.me ? ' invite-rank--me' : ''}${item.rank <= 3 ? ' invite-rank--top' : ''}`}
            >
              <Text className='invite-rank__no'>{item.rank}</Text>
              <Text className='invite-rank__name'>
                {item.me ? (myName ?? '我') : item.nickname}
                {item.me ? <Text className='invite-rank__me'>（我）</Text> : null}
              </Text>
              <Text className='invite-rank__amount'>{formatReward(item.amount, load.data.kind)}</Text>
            </View>
          ))
        : null}
    </View>
  );
}

function Dashboard({ load, onRetry }: { load: Load<DashboardResponse>; onRetry: () => void }) {
  const [tab, setTab] = useState<'mine' | 'leaderboard'>('mine');
  if (load.status === 'loading') return <LoadingState text='邀请数据加载中…' />;
  if (load.status === 'error') return <ErrorState id='invite-dashboard-error' message={load.message} onRetry={onRetry} />;
  const d = load.data;
  return (
    <View className='invite-dashboard' id='invite-dashboard'>
      <Totals d={d} />
      <View className='tabs invite-tabs'>
        <Text
          id='invite-tab-mine'
          className={`tabs__item${tab === 'mine' ? ' tabs__item--active' : ''}`}
          onClick={() => setTab('mine')}
        >
          我的邀请
        </Text>
        <Text
          id='invite-tab-leaderboard'
          className={`tabs__item${tab === 'leaderboard' ? ' tabs__item--active' : ''}`}
          onClick={() => setTab('leaderboard')}
        >
          本月排行榜
        </Text>
      </View>
      {tab === 'mine' ? (
        <>
          <FriendsList d={d} />
          <RewardsList d={d} />
        </>
      ) : (
        <LeaderboardTab />
      )}
    </View>
  );
}

// ---------------------------------------------------------------- partner header

interface PartnerProps {
  me: ReferralMe;
  share: InviteShare | null;
  poster: PosterLoad;
  onPoster: () => void;
}

function PartnerCard({ me, share, poster, onPoster }: PartnerProps) {
  const code = me.partner?.code ?? '';
  const copy = () => {
    void Taro.setClipboardData({ data: code }).catch(() => undefined);
  };
  return (
    <>
      <View className='card invite-code-card'>
        <Text className='invite-code-card__label'>我的邀请码</Text>
        <View className='invite-code-card__row'>
          <Text className='invite-code-card__code' id='invite-code'>
            {code}
          </Text>
          <Button id='invite-copy' className='btn btn--plain btn--small' onClick={copy}>
            复制
          </Button>
        </View>
        <Text className='invite-code-card__summary' id='invite-summary'>
          {me.rewardSummary}
        </Text>
      </View>
      {!me.active ? (
        <View className='notice notice--muted' id='invite-paused'>
          <Text>邀请活动暂停中，暂不能邀请新好友；已有奖励照常结算。</Text>
        </View>
      ) : share ? (
        <View className='card invite-actions'>
          <InviteShareButton share={share} />
          <Button
            id='invite-poster'
            className='btn btn--plain invite-actions__btn'
            loading={poster.status === 'loading'}
            disabled={poster.status === 'loading'}
            onClick={onPoster}
          >
            生成海报
          </Button>
          {poster.status === 'error' ? (
            <Text className='invite-poster__hint invite-poster__hint--error' id='invite-poster-error'>
              {poster.message}
            </Text>
          ) : null}
          {poster.status === 'ready' ? <InvitePoster poster={poster.data} /> : null}
        </View>
      ) : null}
    </>
  );
}

// ---------------------------------------------------------------- page

export default function InvitePage() {
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

  if (me.status === 'loading') {
    return (
      <View className='page page--invite'>
        <LoadingState text='加载中…' />
      </View>
    );
  }
  if (me.status === 'error') {
    return (
      <View className='page page--invite'>
        <ErrorState id='invite-error' message={me.message} onRetry={() => void loadMe()} />
      </View>
    );
  }

  const data = me.data;
  if (!isPartner) {
    return (
      <View className='page page--invite'>
        <JoinSection me={data} joining={joining} joinError={joinError} onJoin={() => void join()} />
      </View>
    );
  }

  const termsOutdated = !!partner && partner.termsVersion !== data.termsVersion;
  return (
    <View className='page page--invite'>
      <PartnerCard me={data} share={share} poster={poster} onPoster={() => void makePoster()} />
      {termsOutdated ? (
        <>
          <View className='notice' id='invite-terms-updated'>
            <Text>合伙人协议已更新，请阅读并同意新协议。</Text>
          </View>
          <TermsCard me={data} title='新版合伙人协议' />
          {joinError ? (
            <View className='form-alert' id='invite-join-error'>
              <Text>{joinError}</Text>
            </View>
          ) : null}
          <Button
            id='invite-terms-accept'
            className='btn btn--primary btn--block invite-terms-accept'
            loading={joining}
            disabled={joining}
            onClick={() => void join()}
          >
            同意新协议
          </Button>
        </>
      ) : null}
      <Dashboard load={dash} onRetry={() => void loadDashboard()} />
    </View>
  );
}

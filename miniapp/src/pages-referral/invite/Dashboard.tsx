/** The partner's dashboard on 邀请有礼 (GET /api/referrals/dashboard): totals, then 我的邀请 (friends, rewards) or 本月排行榜. */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { DashboardResponse, RewardView } from '@homeclub/shared';
import {
  formatReward,
  formatRewardNumber,
  FRIEND_STATUS_TEXT,
  FRIEND_VIA_TEXT,
  rewardAdjustments,
  rewardState,
} from '../../services/referrals';
import { formatDate } from '../../services/membership';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import type { Load } from '../../hooks/useInvite';
import { LeaderboardTab } from './Leaderboard';
import './Dashboard.css';

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

export function Dashboard({ load, onRetry }: { load: Load<DashboardResponse>; onRetry: () => void }) {
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

/** 邀请有礼's 本月排行榜 tab: this month or the last (GET /api/referrals/leaderboard), my own row under my own name. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ResponseOf } from '@homeclub/shared';
import { fetchLeaderboard, formatReward, monthInChina, monthLabel, previousMonth } from '../../services/referrals';
import { useSession } from '../../services/session';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { errorText, type Load } from '../../hooks/useInvite';

type Leaderboard = ResponseOf<'referralLeaderboard'>;

export function LeaderboardTab() {
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

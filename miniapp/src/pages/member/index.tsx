/**
 * 会员 tab: the membership card (tier colour, nickname, masked phone, card
 * number, available points, growth to the next tier), the rotating member code
 * (works offline from the stored secret), expiring points, tier perks and the
 * link to 积分明细. GET /api/member/card on first show and quietly on later shows.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MemberCard, MemberView } from '@homeclub/shared';
import { call } from '../../services/api';
import { useSession } from '../../services/session';
import {
  formatDate,
  formatPoints,
  groupDigits,
  growthPercent,
  nextTierText,
  tierBackground,
  tierTextColor,
} from '../../services/membership';
import { ErrorState, LoadingState } from '../../components/StateView';
import { PageGate } from '../../components/PageGate';
import { MemberCodePanel } from '../../components/MemberCode';

type CardState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; card: MemberCard };

function CardFace({ card }: { card: MemberCard }) {
  const color = tierTextColor(card.tier.color);
  const percent = growthPercent(card);
  return (
    <View
      className='member-card'
      id='member-card'
      style={{ background: tierBackground(card.tier.color), color }}
    >
      <View className='member-card__head'>
        <Text className='member-card__tier' id='member-tier'>
          {card.tier.name}
        </Text>
        <Text className='member-card__brand'>HomeClub 家居</Text>
      </View>
      <View className='member-card__who'>
        <Text className='member-card__name' id='member-nickname'>
          {card.nickname}
        </Text>
        {card.phoneMasked ? <Text className='member-card__phone'>{card.phoneMasked}</Text> : null}
      </View>
      <Text className='member-card__no' id='member-card-no'>
        {groupDigits(card.cardNo)}
      </Text>
      <View className='member-card__points-row'>
        <View>
          <Text className='member-card__points' id='member-points'>
            {formatPoints(card.points.available)}
          </Text>
          <Text className='member-card__points-label'>可用积分</Text>
        </View>
        {card.points.held > 0 ? (
          <Text className='member-card__held'>另有 {formatPoints(card.points.held)} 积分冻结中</Text>
        ) : null}
      </View>
      <View className='member-card__growth'>
        <View className='growth-bar'>
          <View className='growth-bar__fill' style={{ width: `${percent}%`, background: color }} />
        </View>
        <View className='member-card__growth-row'>
          <Text className='member-card__growth-text' id='member-next-tier'>
            {nextTierText(card)}
          </Text>
          <Text className='member-card__growth-text'>成长值 {formatPoints(card.growth)}</Text>
        </View>
      </View>
    </View>
  );
}

export default function MemberPage() {
  const { member } = useSession();
  const memberId = member?.id;
  const [state, setState] = useState<CardState>({ status: 'loading' });
  const latest = useRef(0);

  /** quiet: keep what is shown while reloading, and keep it if the reload fails. */
  const load = useCallback(async (quiet: boolean) => {
    const seq = ++latest.current;
    if (!quiet) setState({ status: 'loading' });
    try {
      const card = await call('memberCard', { toast: false });
      if (seq === latest.current) setState({ status: 'ready', card });
    } catch (err) {
      if (seq === latest.current && !quiet) {
        setState({ status: 'error', message: err instanceof Error ? err.message : '会员卡加载失败' });
      }
    }
  }, []);

  useEffect(() => {
    if (memberId) void load(false);
  }, [memberId, load]);

  useDidShow(() => {
    if (state.status === 'ready') void load(true);
  });

  return <PageGate>{() => (member ? renderMember(member) : null)}</PageGate>;

  function renderMember(member: MemberView) {
    const card = state.status === 'ready' ? state.card : null;
    const expiring = card?.points.expiring[0];

    return (
      <View className='page page--member'>
        {state.status === 'loading' ? (
          <View className='card'>
            <LoadingState text='会员卡加载中…' />
          </View>
        ) : null}
        {state.status === 'error' ? (
          <View className='card'>
            <ErrorState message={state.message} onRetry={() => void load(false)} id='member-card-error' />
          </View>
        ) : null}
        {card ? <CardFace card={card} /> : null}

        {/* keyed by member: a switched identity starts from its own stored secret */}
        <MemberCodePanel key={member.id} memberId={member.id} cardNo={card?.cardNo} />

        {card ? (
          <>
            {expiring ? (
              <View className='notice' id='member-expiring'>
                <Text>
                  {formatPoints(expiring.amount)} 积分将于 {formatDate(expiring.expiresOn)} 过期
                </Text>
              </View>
            ) : null}
            <View className='card cells'>
              <View
                className='cell'
                id='member-points-link'
                onClick={() => void Taro.navigateTo({ url: '/pages-member/points/index' })}
              >
                <Text className='cell__title'>积分明细</Text>
                <View className='cell__right'>
                  <Text className='cell__value'>{formatPoints(card.points.balance)} 积分</Text>
                  <Text className='cell__arrow'>›</Text>
                </View>
              </View>
            </View>
            <View className='card perks' id='member-perks'>
              <Text className='perks__title'>{card.tier.name}权益</Text>
              {card.perks.length === 0 ? <Text className='perks__empty'>升级后解锁更多专属权益</Text> : null}
              {card.perks.map((perk) => (
                <View className='perks__item' key={perk}>
                  <Text className='perks__dot' style={{ background: card.tier.color }} />
                  <Text className='perks__text'>{perk}</Text>
                </View>
              ))}
            </View>
          </>
        ) : null}
      </View>
    );
  }
}

/**
 * 首页 member card preview: greeting (「欢迎加入」 on the first launch, 「欢迎回来」 after), tier, available
 * points and the progress to the next tier; opens the 会员 tab (card and member code).
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MemberCard, MemberView } from '@homeclub/shared';
import { formatPoints, growthPercent, nextTierText, tierBackground, tierTextColor } from '../../services/membership';

/** `card`: read by the page (it also picks the shown store by the member's 常去门店); null until known. */
export function MemberPreview({ member, isNew, card }: { member: MemberView | null; isNew: boolean; card: MemberCard | null }) {
  const greeting = !member ? '欢迎来到 HomeClub 家居' : isNew ? `欢迎加入，${member.nickname}` : `欢迎回来，${member.nickname}`;
  const color = card?.tier.color ?? '#07c160';
  return (
    <View
      className='card home-member'
      id='home-member'
      style={{ background: tierBackground(color), color: tierTextColor(color) }}
      onClick={() => void Taro.switchTab({ url: '/pages/member/index' })}
    >
      <View className='home-member__head'>
        <Text className='home-member__greeting welcome-card__title' id='home-greeting'>
          {greeting}
        </Text>
        {card ? (
          <Text className='home-member__tier' id='home-member-tier'>
            {card.tier.name}
          </Text>
        ) : null}
      </View>
      {card ? (
        <View className='home-member__body'>
          <View className='home-member__points'>
            <Text className='home-member__points-value' id='home-member-points'>
              {formatPoints(card.points.available)}
            </Text>
            <Text className='home-member__points-label'>可用积分</Text>
          </View>
          <View className='home-member__progress'>
            <View className='home-member__bar'>
              <View className='home-member__fill' style={{ width: `${growthPercent(card)}%` }} />
            </View>
            <Text className='home-member__next' id='home-member-next'>
              {nextTierText(card)}
            </Text>
          </View>
          <Text className='home-member__code'>会员码 ›</Text>
        </View>
      ) : (
        <Text className='home-member__desc'>会员专享优惠券、到店设计咨询与上门量尺预约，消费累积积分兑好礼。</Text>
      )}
    </View>
  );
}

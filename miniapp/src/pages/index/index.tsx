/**
 * 首页: brand header, the invite banner when opened through a partner's link
 * (`?inviter=CODE`) or poster code (`scene=i%3DCODE`), welcome card, the notice
 * of an unpaid (till) order, the 邀请有礼 entry and the chain's stores.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StoreList } from '../../components/StoreList';
import { PendingOrderNotice } from '../../components/PendingOrderNotice';
import { InviteBanner, inviterFromLaunch } from '../../components/InviteBanner';
import { GiftPopup } from '../../components/GiftPopup';
import { useSession } from '../../services/session';

export default function IndexPage() {
  const { member } = useSession();
  const inviter = inviterFromLaunch(useRouter().params);
  return (
    <View className='page page--home'>
      <View className='brand'>
        <Text className='brand__name'>HomeClub 家居</Text>
        <Text className='brand__slogan'>为家挑好物 · 会员俱乐部</Text>
      </View>
      {inviter ? <InviteBanner code={inviter} /> : null}
      <View className='card welcome-card' id='welcome-card'>
        <Text className='welcome-card__title'>
          {member ? `欢迎回来，${member.nickname}` : '欢迎来到 HomeClub 家居'}
        </Text>
        <Text className='welcome-card__desc'>
          会员专享优惠券、到店设计咨询与上门量尺预约，消费还能累积积分兑换好礼。
        </Text>
      </View>
      <PendingOrderNotice />
      <GiftPopup />
      <View className='card cells'>
        <View className='cell' id='home-invite-entry' onClick={() => void Taro.navigateTo({ url: '/pages-referral/invite/index' })}>
          <View className='cell__main'>
            <Text className='cell__title'>邀请有礼</Text>
            <Text className='cell__desc'>邀请好友注册会员，好友下单你得奖励</Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
      </View>
      <View className='section-title'>
        <Text>门店</Text>
      </View>
      <StoreList />
    </View>
  );
}

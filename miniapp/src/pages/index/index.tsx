/** 首页: brand header, welcome card, the notice of an unpaid (till) order and the chain's stores. */
import { Text, View } from '@tarojs/components';
import { StoreList } from '../../components/StoreList';
import { PendingOrderNotice } from '../../components/PendingOrderNotice';
import { useSession } from '../../services/session';

export default function IndexPage() {
  const { member } = useSession();
  return (
    <View className='page page--home'>
      <View className='brand'>
        <Text className='brand__name'>HomeClub 家居</Text>
        <Text className='brand__slogan'>为家挑好物 · 会员俱乐部</Text>
      </View>
      <View className='card welcome-card' id='welcome-card'>
        <Text className='welcome-card__title'>
          {member ? `欢迎回来，${member.nickname}` : '欢迎来到 HomeClub 家居'}
        </Text>
        <Text className='welcome-card__desc'>
          会员专享优惠券、到店设计咨询与上门量尺预约，消费还能累积积分兑换好礼。
        </Text>
      </View>
      <PendingOrderNotice />
      <View className='section-title'>
        <Text>门店</Text>
      </View>
      <StoreList />
    </View>
  );
}

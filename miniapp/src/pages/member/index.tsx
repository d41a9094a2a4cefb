/** 会员 tab: placeholder until tiers and points ship. */
import { View } from '@tarojs/components';
import { EmptyState } from '../../components/StateView';

export default function MemberPage() {
  return (
    <View className='page'>
      <View className='card'>
        <EmptyState
          id='member-coming-soon'
          icon='会'
          badge='敬请期待'
          title='会员权益即将开放'
          description='每笔消费累积积分和成长值，升级后享专属折扣、生日礼遇与免费上门服务。'
        />
      </View>
    </View>
  );
}

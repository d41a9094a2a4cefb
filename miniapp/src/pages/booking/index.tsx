/** 预约 tab: placeholder until booking ships. */
import { View } from '@tarojs/components';
import { EmptyState } from '../../components/StateView';

export default function BookingPage() {
  return (
    <View className='page'>
      <View className='card'>
        <EmptyState
          id='booking-coming-soon'
          icon='约'
          badge='敬请期待'
          title='到店服务预约即将开放'
          description='设计师一对一咨询、门店看样和上门量尺都可以在这里预约，到店前我们会提醒您。'
        />
      </View>
    </View>
  );
}

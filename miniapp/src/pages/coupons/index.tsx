/** 领券 tab: placeholder until coupons ship. */
import { View } from '@tarojs/components';
import { EmptyState } from '../../components/StateView';

export default function CouponsPage() {
  return (
    <View className='page'>
      <View className='card'>
        <EmptyState
          id='coupons-coming-soon'
          icon='券'
          badge='敬请期待'
          title='领券中心即将开放'
          description='门店满减券、新人礼包和品类折扣券正在准备中。上线后可在这里领取，结账时出示会员码即可抵扣。'
        />
      </View>
    </View>
  );
}

/**
 * 页面不存在: where an unknown route lands (platform/page-not-found.ts), e.g. an old share card or a mistyped link,
 * instead of a blank page. One way out: 返回首页.
 */
import Taro from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { EmptyState } from '../../components/StateView';

export default function NotFoundPage() {
  return (
    <View className='page' id='not-found'>
      <View className='card'>
        <EmptyState icon='?' title='页面不存在' description='您打开的页面可能已下线，或链接有误' />
        <View className='state-action'>
          <Button id='not-found-home' className='btn btn--primary' onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Button>
        </View>
      </View>
    </View>
  );
}

/**
 * 我的预约: my bookings (GET /api/bookings: upcoming ones first, soonest first,
 * then the rest, newest first) with service, store, time and a state tag
 * (待支付定金 / 已预约 / 已到店 / 未到店 / 已取消 / 已失效) → 预约详情. Re-read
 * quietly when shown again (paid, rescheduled or cancelled meanwhile).
 */
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { BookingView } from '@homeclub/shared';
import { call } from '../../services/api';
import { BOOKING_STATE_TEXT, timeRangeText } from '../../services/booking';
import { EmptyState } from '../../components/StateView';
import { PageGate } from '../../components/PageGate';
import { useMyList } from '../../hooks/useMyList';
import '../styles.css';

export default function MyBookingsPage() {
  const { list, load } = useMyList<BookingView>(() => call('myBookings', { toast: false }), '预约加载失败');

  return (
    <PageGate load={list} loadingText='预约加载中…' errorId='my-bookings-error' onRetry={() => void load(false)}>
      {() => (
        <View className='page page--bookings' id='my-bookings'>
          {list.status === 'ready' && list.items.length === 0 ? (
            <View className='card'>
              <EmptyState id='my-bookings-empty' icon='约' title='暂无预约' description='设计咨询、到店体验、上门量尺，都可以在「预约」页预约。' />
              <View className='state-action'>
                <Button
                  id='my-bookings-go'
                  className='btn btn--primary btn--small'
                  onClick={() => void Taro.switchTab({ url: '/pages/booking/index' })}
                >
                  去预约
                </Button>
              </View>
            </View>
          ) : null}
          {list.status === 'ready' && list.items.length > 0 ? (
            <View className='card cells'>
              {list.items.map((b) => (
                <View
                  key={b.id}
                  id={`my-booking-${b.id}`}
                  className='cell'
                  onClick={() => void Taro.navigateTo({ url: `/pages-booking/booking-detail/index?id=${encodeURIComponent(b.id)}` })}
                >
                  <View className='cell__main'>
                    <Text className='cell__title'>{b.serviceName}</Text>
                    <Text className='cell__desc'>{timeRangeText(b.start, b.end)}</Text>
                    <Text className='cell__desc'>{b.storeName}</Text>
                  </View>
                  <View className='cell__right'>
                    <Text className={`order-tag booking-tag--${b.state}`} id={`my-booking-state-${b.id}`}>
                      {BOOKING_STATE_TEXT[b.state]}
                    </Text>
                    <Text className='cell__arrow'>›</Text>
                  </View>
                </View>
              ))}
            </View>
          ) : null}
        </View>
      )}
    </PageGate>
  );
}

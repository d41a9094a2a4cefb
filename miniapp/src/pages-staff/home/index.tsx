/**
 * Staff subpackage home: the signed-in staff member's store (GET /api/staff/me)
 * and the tools (收银, 门店订单, 今日预约, 扫码识别会员, 扫码核销, 合伙人报备). An admin who is not staff of a store gets an
 * explanation instead.
 */
import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { StaffView } from '@homeclub/shared';
import { call } from '../../services/api';
import { hasRole, useSession } from '../../services/session';
import { PageGate } from '../../components/PageGate';
import '../styles.css';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; staff: StaffView };

export default function StaffHomePage() {
  const { member } = useSession();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const adminWithoutStore = !!member && hasRole(member, 'admin') && !member.staffStoreId;
  const memberId = member?.id;

  const fetchStaff = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', staff: await call('staffMe', { toast: false }) });
    } catch (err) {
      setLoad({ status: 'error', message: err instanceof Error ? err.message : '加载失败' });
    }
  }, []);

  useEffect(() => {
    if (memberId && !adminWithoutStore) void fetchStaff();
  }, [memberId, adminWithoutStore, fetchStaff]);

  return (
    <PageGate
      needsStore={{ id: 'staff-no-store', description: '门店工作台展示所在门店的信息。管理员可以在后台把自己设为某家门店的员工后再使用。' }}
      load={load}
      loadingText='门店信息加载中…'
      onRetry={() => void fetchStaff()}
    >
      {() => (load.status === 'ready' ? renderHome(load.staff) : null)}
    </PageGate>
  );

  function renderHome(staff: StaffView) {
    return (
      <View className='page page--staff'>
        <View className='card staff-store' id='staff-store'>
          <Text className='staff-store__label'>所在门店</Text>
          <Text className='staff-store__name'>{staff.store.name}</Text>
          <Text className='staff-store__line'>
            {staff.store.city} · 门店编号 {staff.store.code}
          </Text>
          <Text className='staff-store__line'>{staff.store.address}</Text>
          <Text className='staff-store__line'>门店电话 {staff.store.phone}</Text>
        </View>
        <View className='card'>
          <Text className='staff-store__label'>当前员工</Text>
          <Text className='staff-store__line'>
            {staff.member.nickname}
            {staff.member.phoneMasked ? ` · ${staff.member.phoneMasked}` : ''}
          </Text>
        </View>
        <View className='card cells'>
          <View className='cell' id='staff-guide-entry' onClick={() => void Taro.navigateTo({ url: '/pages-staff/guide-home/index' })}>
            <View className='cell__main'>
              <Text className='cell__title'>导购工作台</Text>
              <Text className='cell__desc'>我的客户、跟进任务、分享名片和海报（需开通导购角色）</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
          <View className='cell' id='staff-till-entry' onClick={() => void Taro.navigateTo({ url: '/pages-staff/till/index' })}>
            <View className='cell__main'>
              <Text className='cell__title'>收银</Text>
              <Text className='cell__desc'>扫会员码结账，自动用券、积分抵现；顾客微信支付或现金/刷卡</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
          <View className='cell' id='staff-orders-entry' onClick={() => void Taro.navigateTo({ url: '/pages-staff/orders/index' })}>
            <View className='cell__main'>
              <Text className='cell__title'>门店订单</Text>
              <Text className='cell__desc'>查看本店订单和收据，取消未支付订单，办理退款</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
          <View
            className='cell'
            id='staff-bookings-entry'
            onClick={() => void Taro.navigateTo({ url: '/pages-staff/bookings/index' })}
          >
            <View className='cell__main'>
              <Text className='cell__title'>今日预约</Text>
              <Text className='cell__desc'>本店当天预约按时间排列，扫到店码或按手机号签到，标记爽约</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
          <View
            className='cell'
            id='staff-member-code-entry'
            onClick={() => void Taro.navigateTo({ url: '/pages-staff/member-code/index' })}
          >
            <View className='cell__main'>
              <Text className='cell__title'>扫码识别会员</Text>
              <Text className='cell__desc'>扫描顾客会员码，查看等级、积分和可用优惠券</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
          <View
            className='cell'
            id='staff-coupon-verify-entry'
            onClick={() => void Taro.navigateTo({ url: '/pages-staff/coupon-verify/index' })}
          >
            <View className='cell__main'>
              <Text className='cell__title'>扫码核销</Text>
              <Text className='cell__desc'>扫描顾客优惠券券码完成核销，10 分钟内可撤销</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
          <View className='cell' id='staff-lead-entry' onClick={() => void Taro.navigateTo({ url: '/pages-staff/lead/index' })}>
            <View className='cell__main'>
              <Text className='cell__title'>合伙人报备</Text>
              <Text className='cell__desc'>合伙人带朋友到店：登记朋友手机号，保护合伙人的邀请关系</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        </View>
      </View>
    );
  }
}

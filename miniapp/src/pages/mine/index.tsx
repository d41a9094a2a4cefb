/**
 * 我的: avatar (first character of the nickname), nickname, masked phone or
 * 「绑定手机号」, role badges, the notice of an unpaid (till) order, 会员资料 (生日 once, 常去门店, 所在城市), 我的优惠券, 我的订单, 我的预约, 邀请有礼, the staff
 * workbench link for staff/admin, and on H5 the demo identity switcher.
 */
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { DemoSwitchEntry } from '../../platform/demo-switch';
import { PhoneBindButton } from '../../platform/phone-bind';
import { getSessionState, hasRole, login, refreshMember, useSession } from '../../services/session';
import { showErrorToast } from '../../services/api';
import { LoadingState } from '../../components/StateView';
import { ProfileCells } from '../../components/ProfileCells';
import { PendingOrderNotice } from '../../components/PendingOrderNotice';

export default function MinePage() {
  const { member, status, error } = useSession();

  useDidShow(() => {
    if (getSessionState().status === 'ready') void refreshMember().catch(() => undefined);
  });

  const isStaff = hasRole(member, 'staff', 'admin');

  return (
    <View className='page page--mine'>
      <View className='card profile'>
        {member ? (
          <>
            <View className='avatar' id='mine-avatar'>
              <Text>{Array.from(member.nickname)[0] ?? '友'}</Text>
            </View>
            <View className='profile__info'>
              <View className='profile__name-row'>
                <Text className='profile__name' id='mine-nickname'>
                  {member.nickname}
                </Text>
                {hasRole(member, 'admin') ? <Text className='badge badge--admin'>管理员</Text> : null}
                {hasRole(member, 'staff') ? <Text className='badge badge--staff'>门店员工</Text> : null}
              </View>
              {member.phoneMasked ? (
                <Text className='profile__phone' id='mine-phone'>
                  {member.phoneMasked}
                </Text>
              ) : (
                <View className='profile__phone-row'>
                  <Text className='profile__phone profile__phone--empty' id='mine-phone'>
                    未绑定手机号
                  </Text>
                  <PhoneBindButton />
                </View>
              )}
            </View>
          </>
        ) : status === 'error' ? (
          <View className='profile__error'>
            <Text className='profile__name'>登录失败</Text>
            <Text className='profile__phone'>{error ?? '请稍后重试'}</Text>
            <Button
              className='btn btn--primary btn--small'
              id='retry-login'
              onClick={() => void login().catch(showErrorToast)}
            >
              重新登录
            </Button>
          </View>
        ) : (
          <LoadingState text='正在登录…' />
        )}
      </View>

      <PendingOrderNotice />

      {member ? <ProfileCells key={member.id} memberId={member.id} /> : null}

      <View className='card cells'>
        <View
          className='cell'
          id='mine-coupons'
          onClick={() => void Taro.navigateTo({ url: '/pages-member/my-coupons/index' })}
        >
          <Text className='cell__title'>我的优惠券</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
        <View className='cell' id='mine-orders' onClick={() => void Taro.navigateTo({ url: '/pages-order/orders/index' })}>
          <Text className='cell__title'>我的订单</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
        <View className='cell' id='mine-bookings' onClick={() => void Taro.navigateTo({ url: '/pages-booking/bookings/index' })}>
          <Text className='cell__title'>我的预约</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
        <View className='cell' id='mine-invite' onClick={() => void Taro.navigateTo({ url: '/pages-referral/invite/index' })}>
          <Text className='cell__title'>邀请有礼</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
        {isStaff ? (
          <View
            className='cell'
            id='staff-entry'
            onClick={() => void Taro.navigateTo({ url: '/pages-staff/home/index' })}
          >
            <Text className='cell__title'>门店工作台</Text>
            <Text className='cell__arrow'>›</Text>
          </View>
        ) : null}
        <View className='cell cell--static'>
          <Text className='cell__title'>会员服务热线</Text>
          <Text className='cell__value'>400-820-8820</Text>
        </View>
        <DemoSwitchEntry />
      </View>
    </View>
  );
}

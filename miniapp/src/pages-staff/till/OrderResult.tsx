/** 收银 after the order is made: 收款成功 with the receipt, or waiting for the shopper's WeChat Pay (then cancelled / expired). */
import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatFen, type StaffOrderView } from '@homeclub/shared';
import { Button } from '../../components/Button';
import { formatPoints } from '../../services/membership';
import { OrderLines, OrderReceipt } from '../../components/OrderReceipt';
import { WaitingLeft } from './MemberCard';

export function TillPaid({ order, onNext }: { order: StaffOrderView; onNext: () => void }) {
  return (
    <View className='page page--staff page--till'>
      <View className='card order-result order-result--paid' id='till-done'>
        <Text className='order-result__title' id='till-done-title'>
          收款成功
        </Text>
        <Text className='order-result__amount' id='till-done-cash'>
          {formatFen(order.cashFen)}
        </Text>
        {order.pointsEarned > 0 ? (
          <Text className='order-result__points'>顾客获得 {formatPoints(order.pointsEarned)} 积分</Text>
        ) : null}
      </View>
      <OrderReceipt order={order} member={order.member} idPrefix='till-receipt' />
      <OrderLines order={order} idPrefix='till-receipt' />
      <View className='pay-submit-bar'>
        <Button id='till-next' className='btn btn--primary btn--block' onClick={onNext}>
          下一位顾客
        </Button>
        <Button
          id='till-receipt-detail'
          className='btn btn--plain btn--block till-secondary'
          onClick={() => void Taro.navigateTo({ url: `/pages-staff/order/index?id=${encodeURIComponent(order.id)}` })}
        >
          查看订单
        </Button>
      </View>
    </View>
  );
}

export function TillWaiting(props: {
  order: StaffOrderView;
  errorCard: ReactNode;
  pollStopped: boolean;
  onRefresh: () => void;
  cancelling: boolean;
  onCancel: () => void;
  onRestart: () => void;
  onNext: () => void;
}) {
  const { order, errorCard, pollStopped, onRefresh, cancelling, onCancel, onRestart, onNext } = props;
  const waiting = order.state === 'pending_payment';
  return (
    <View className='page page--staff page--till'>
      <View className={`card order-result order-result--${order.state}`} id='till-waiting'>
        <Text className='order-result__title' id='till-waiting-state' data-state={order.state}>
          {waiting ? '等待顾客支付' : order.state === 'cancelled' ? '订单已取消' : '订单已过期'}
        </Text>
        <Text className='order-result__amount' id='till-waiting-cash'>
          {formatFen(order.cashFen)}
        </Text>
        {waiting ? (
          <>
            <Text className='till-waiting__text' id='till-waiting-text'>
              已发送到顾客手机，请顾客在小程序「我的订单」中支付
            </Text>
            <WaitingLeft expireAt={order.expireAt} />
          </>
        ) : (
          <Text className='pay-hint' id='till-waiting-text'>
            {order.state === 'cancelled'
              ? '该订单已作废，优惠券和积分已退回顾客账户'
              : '顾客未在规定时间内支付，优惠券和积分已退回顾客账户'}
          </Text>
        )}
      </View>
      <OrderReceipt order={order} member={order.member} idPrefix='till-order' />
      {errorCard}
      <View className='pay-submit-bar'>
        {waiting ? (
          <>
            {pollStopped ? (
              <Button
                id='till-refresh'
                className='btn btn--primary btn--block'
                onClick={onRefresh}
              >
                刷新支付状态
              </Button>
            ) : null}
            <Button
              id='till-cancel-order'
              className='btn btn--plain btn--block till-secondary'
              disabled={cancelling}
              loading={cancelling}
              onClick={onCancel}
            >
              取消订单
            </Button>
          </>
        ) : (
          <>
            <Button id='till-restart' className='btn btn--primary btn--block' onClick={onRestart}>
              重新收银
            </Button>
            <Button id='till-next' className='btn btn--plain btn--block till-secondary' onClick={onNext}>
              下一位顾客
            </Button>
          </>
        )}
      </View>
    </View>
  );
}

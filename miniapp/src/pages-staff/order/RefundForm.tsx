/** Staff 订单详情's refund card: 按金额 / 按商品 / 全额, the reason chips (or 其他 with text), 「确认退款」. */
import { Input, Text, View } from '@tarojs/components';
import { formatFen, type StaffOrderView } from '@homeclub/shared';
import { Button } from '../../components/Button';
import { sanitizeAmountText } from '../../services/checkout';
import { lineName, REFUND_REASONS } from '../../services/orders';
import type { RefundForm as Form } from '../../hooks/useRefundForm';

const MODE_TEXT = { amount: '按金额', lines: '按商品', full: '全额' } as const;

export function RefundForm({ order, form }: { order: StaffOrderView; form: Form }) {
  const { options, activeMode } = form;
  if (!options?.open || !activeMode) return null;
  return (
    <View className='card refund-form' id='staff-order-refund'>
      <Text className='refund-form__title'>退款</Text>
      <View className='tabs refund-form__modes'>
        {form.modes.map((m) => (
          <Text
            key={m}
            id={`staff-order-refund-mode-${m}`}
            className={`tabs__item${m === activeMode ? ' tabs__item--active' : ''}`}
            onClick={() => form.pickMode(m)}
          >
            {MODE_TEXT[m]}
          </Text>
        ))}
      </View>

      {activeMode === 'amount' ? (
        <View className='refund-form__section'>
          <View className='pay-amount__row'>
            <Text className='pay-amount__symbol'>¥</Text>
            <Input
              id='staff-order-refund-amount'
              className='pay-amount__input'
              type='digit'
              placeholder='退款金额'
              value={form.amountText}
              onInput={(e) => {
                const text = sanitizeAmountText(e.detail.value);
                form.setAmount(text);
                return text;
              }}
            />
          </View>
          <Text className='pay-hint' id='staff-order-refundable'>
            最多可退 {formatFen(options.maxAmountFen)}
          </Text>
        </View>
      ) : null}

      {activeMode === 'lines' ? (
        <View className='refund-form__section' id='staff-order-refund-lines'>
          {options.lines.map((l) => {
            const on = form.picked.includes(l.id);
            return (
              <View
                key={l.id}
                id={`staff-order-refund-line-${l.id}`}
                className={`pay-coupon${on ? ' pay-coupon--selected' : ''}`}
                data-checked={on ? 'true' : 'false'}
                onClick={() => form.toggleLine(l.id)}
              >
                <View className='pay-coupon__main'>
                  <Text className='pay-coupon__name'>{lineName(l, order.lines.indexOf(l))}</Text>
                  <Text className='pay-coupon__desc'>
                    {formatFen(l.amountFen)} · 退现金 {formatFen(l.cashFen)}
                  </Text>
                </View>
                <Text className='pay-coupon__check'>{on ? '✓' : ''}</Text>
              </View>
            );
          })}
        </View>
      ) : null}

      {activeMode === 'full' ? (
        <View className='refund-form__section'>
          <Text className='pay-hint' id='staff-order-refund-full'>
            {options.maxAmountFen > 0 ? `退还剩余全部 ${formatFen(options.maxAmountFen)}` : '本单未付现金：退回全部优惠券和积分'}
          </Text>
        </View>
      ) : null}

      <Text className='pay-section__title refund-form__label'>退款原因</Text>
      <View className='refund-form__reasons'>
        {REFUND_REASONS.map((r) => (
          <Text
            key={r.id}
            id={`staff-order-refund-reason-${r.id}`}
            className={`chip${r.id === form.reasonId ? ' chip--active' : ''}`}
            onClick={() => form.setReasonId(r.id)}
          >
            {r.label}
          </Text>
        ))}
      </View>
      {form.reasonId === 'other' ? (
        <Input
          id='staff-order-refund-reason-text'
          className='input'
          type='text'
          maxlength={80}
          placeholder='请填写退款原因'
          value={form.otherReason}
          onInput={(e) => form.setOtherReason(e.detail.value)}
        />
      ) : null}

      {form.error ? (
        <Text className='till-error-text' id='staff-order-refund-error'>
          {form.error}
        </Text>
      ) : null}
      <Button
        id='staff-order-refund-submit'
        className='btn btn--primary btn--block refund-form__submit'
        disabled={form.refunding}
        loading={form.refunding}
        onClick={() => void form.submit()}
      >
        确认退款
      </Button>
    </View>
  );
}

/** 收银: the shopper's coupons usable at this store for the bill (the best one preselected by the page), or none. */
import { Text, View } from '@tarojs/components';
import { formatFen, type QuoteResponse } from '@homeclub/shared';
import { couponReasonText } from '../../services/checkout';

export function CouponsCard(props: { quote: QuoteResponse | null; hasBill: boolean; selected: string | null; auto: boolean; onPick: (id: string | null) => void }) {
  const { quote, hasBill, selected, auto, onPick } = props;
  return (
    <View className='card pay-coupons' id='till-coupons'>
      <Text className='pay-section__title'>优惠券</Text>
      {!hasBill || !quote ? (
        <Text className='pay-hint'>{!hasBill ? '输入金额后选择优惠券' : '优惠券加载中…'}</Text>
      ) : (
        <>
          {quote.usableCoupons.length === 0 ? <Text className='pay-hint'>该会员暂无本店可用的优惠券</Text> : null}
          {quote.usableCoupons.map((c) => (
            <View
              key={c.id}
              id={`till-coupon-${c.id}`}
              className={`pay-coupon${c.applicable ? '' : ' pay-coupon--disabled'}${selected === c.id ? ' pay-coupon--selected' : ''}`}
              onClick={() => {
                if (c.applicable && selected !== c.id) onPick(c.id);
              }}
            >
              <View className='pay-coupon__main'>
                <Text className='pay-coupon__name'>{c.name}</Text>
                <Text className='pay-coupon__desc'>
                  {c.applicable ? `可减 ${formatFen(c.discountFen)}` : couponReasonText(c.reason)}
                </Text>
              </View>
              <Text className='pay-coupon__check'>{selected === c.id ? '✓' : ''}</Text>
            </View>
          ))}
          <View
            id='till-coupon-none'
            className={`pay-coupon${selected === null ? ' pay-coupon--selected' : ''}`}
            onClick={() => {
              if (selected !== null || auto) onPick(null);
            }}
          >
            <View className='pay-coupon__main'>
              <Text className='pay-coupon__name'>不使用优惠券</Text>
            </View>
            <Text className='pay-coupon__check'>{selected === null ? '✓' : ''}</Text>
          </View>
        </>
      )}
    </View>
  );
}

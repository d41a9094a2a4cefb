/**
 * A coupon as a ticket: the value on the coloured left part (「¥50」, 「8.5折」,
 * 「兑换」), on the right the name, the threshold, the validity, optional tags
 * and whatever the page puts in `children` (stock bar, claim button). Used and
 * expired coupons are grey with a stamp.
 */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { couponValueParts, thresholdText, type CouponFace } from '../services/coupons';

interface CouponCardProps {
  id: string;
  name: string;
  face: CouponFace;
  validity: string;
  /** small pills after the name, e.g. 「使用中」, 「即将过期」 */
  tags?: string[];
  /** grey, with this stamp (「已使用」, 「已过期」) */
  stamp?: string;
  onClick?: () => void;
  /** the right part's bottom row */
  children?: ReactNode;
}

export function CouponCard({ id, name, face, validity, tags = [], stamp, onClick, children }: CouponCardProps) {
  const value = couponValueParts(face);
  return (
    <View className={`coupon${stamp ? ' coupon--muted' : ''}`} id={id} onClick={onClick}>
      <View className='coupon__value'>
        <View className='coupon__amount'>
          {value.prefix ? <Text className='coupon__unit'>{value.prefix}</Text> : null}
          <Text className={`coupon__main${value.main.length > 5 ? ' coupon__main--long' : ''}`}>{value.main}</Text>
          {value.suffix ? <Text className='coupon__unit'>{value.suffix}</Text> : null}
        </View>
        <Text className='coupon__threshold'>{thresholdText(face)}</Text>
      </View>
      <View className='coupon__body'>
        <View className='coupon__name-row'>
          <Text className='coupon__name'>{name}</Text>
          {tags.map((tag) => (
            <Text className='coupon__tag' key={tag}>
              {tag}
            </Text>
          ))}
        </View>
        <Text className='coupon__validity'>{validity}</Text>
        {children}
      </View>
      {stamp ? <Text className='coupon__stamp'>{stamp}</Text> : null}
    </View>
  );
}

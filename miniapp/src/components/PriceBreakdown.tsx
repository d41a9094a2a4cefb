/**
 * The breakdown of a server quote, shared by 优惠买单 (`prefix` pay) and the till (`prefix` till): bill, coupon,
 * points, what is paid, and the points it earns. Ids are `<prefix>-breakdown`, `<prefix>-bill`,
 * `<prefix>-coupon-discount`, `<prefix>-points-discount`, `<prefix>-cash`, `<prefix>-points-earned`.
 * `error` (the page's own, with its actions) replaces the lines; no quote yet → 正在计算优惠….
 */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { formatFen } from '@homeclub/shared';
import { formatPoints } from '../services/membership';
import { LoadingState } from './StateView';

export interface BreakdownFigures {
  billFen: number;
  couponDiscountFen: number;
  pointsUsed: number;
  pointsValueFen: number;
  cashFen: number;
  pointsEarned: number;
}

const minus = (fen: number) => (fen > 0 ? `−${formatFen(fen)}` : formatFen(0));

export function PriceBreakdown(props: {
  prefix: string;
  quote: BreakdownFigures | null;
  error?: ReactNode;
  /** 实付 for the shopper, 应收 for the clerk */
  totalLabel: string;
  /** the line under the total; null shows none */
  earnedText: (points: number) => string | null;
}) {
  const { prefix, quote, error, totalLabel, earnedText } = props;
  const earned = quote ? earnedText(quote.pointsEarned) : null;
  return (
    <View className='card pay-breakdown' id={`${prefix}-breakdown`}>
      {error ? (
        error
      ) : quote ? (
        <>
          <View className='pay-line'>
            <Text>账单金额</Text>
            <Text id={`${prefix}-bill`}>{formatFen(quote.billFen)}</Text>
          </View>
          <View className='pay-line'>
            <Text>优惠券</Text>
            <Text id={`${prefix}-coupon-discount`}>{minus(quote.couponDiscountFen)}</Text>
          </View>
          <View className='pay-line'>
            <Text>积分抵扣{quote.pointsUsed > 0 ? `（${formatPoints(quote.pointsUsed)} 积分）` : ''}</Text>
            <Text id={`${prefix}-points-discount`}>{minus(quote.pointsValueFen)}</Text>
          </View>
          <View className='pay-line pay-line--total'>
            <Text>{totalLabel}</Text>
            <Text id={`${prefix}-cash`}>{formatFen(quote.cashFen)}</Text>
          </View>
          {earned ? (
            <Text className='pay-hint' id={`${prefix}-points-earned`}>
              {earned}
            </Text>
          ) : null}
        </>
      ) : (
        <LoadingState text='正在计算优惠…' />
      )}
    </View>
  );
}

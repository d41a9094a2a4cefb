/** 优惠买单's breakdown of the server's quote: bill, coupon, points, cash, points to earn. */
import { Text, View } from '@tarojs/components';
import { formatFen, type QuoteResponse } from '@homeclub/shared';
import { formatPoints } from '../../services/membership';
import { ErrorState, LoadingState } from '../../components/StateView';

const minus = (fen: number) => (fen > 0 ? `−${formatFen(fen)}` : formatFen(0));

export function Breakdown({ quote: last, error: quoteError }: { quote: QuoteResponse | null; error: string | null }) {
  return (
    <View className="card pay-breakdown" id="pay-breakdown">
      {quoteError ? (
        <ErrorState id="pay-quote-error" message={quoteError} />
      ) : last ? (
        <>
          <View className="pay-line">
            <Text>账单金额</Text>
            <Text id="pay-bill">{formatFen(last.billFen)}</Text>
          </View>
          <View className="pay-line">
            <Text>优惠券</Text>
            <Text id="pay-coupon-discount">{minus(last.couponDiscountFen)}</Text>
          </View>
          <View className="pay-line">
            <Text>积分抵扣{last.pointsUsed > 0 ? `（${formatPoints(last.pointsUsed)} 积分）` : ''}</Text>
            <Text id="pay-points-discount">{minus(last.pointsValueFen)}</Text>
          </View>
          <View className="pay-line pay-line--total">
            <Text>实付</Text>
            <Text id="pay-cash">{formatFen(last.cashFen)}</Text>
          </View>
          {last.pointsEarned > 0 ? <Text className="pay-hint">支付后预计获得 {formatPoints(last.pointsEarned)} 积分</Text> : null}
        </>
      ) : (
        <LoadingState text="正在计算优惠…" />
      )}
    </View>
  );
}

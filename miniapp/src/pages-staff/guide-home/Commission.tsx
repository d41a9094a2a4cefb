/**
 * 导购工作台 → 业绩: the guide's commission (提成) — earned and waiting for settlement,
 * then per month: earned (orders paid, net of refunds before settlement), settled,
 * clawed back (refunds after an earlier settlement) and what the closed month pays.
 */
import { Text, View } from '@tarojs/components';
import type { ResponseOf } from '@homeclub/shared';
import { call } from '../../services/api';
import { formatYuan } from '../../services/membership';
import { EmptyState } from '../../components/StateView';

type Commission = ResponseOf<'guideCommission'>;

/** Here, not in services/guides.ts: that module is in the main package, this page in the staff subpackage. */
export const fetchGuideCommission = () => call('guideCommission', { toast: false });

const percent = (bp: number) => `${(bp / 100).toFixed(bp % 100 ? 2 : 0)}%`;

export function CommissionCard({ c }: { c: Commission }) {
  if (!c.active && c.months.every((m) => !m.earnedFen && !m.settledFen && !m.clawbackFen)) {
    return (
      <View className="card" id="guide-commission">
        <EmptyState icon="提" title="暂未开启导购提成" description="提成规则由连锁管理员在运营后台设置。" />
      </View>
    );
  }
  return (
    <View className="card cells" id="guide-commission">
      <View className="staff-member__stats">
        <View className="stat">
          <Text className="stat__value" id="guide-commission-pending">
            {formatYuan(c.pendingFen)}
          </Text>
          <Text className="stat__label">待结算提成</Text>
        </View>
        <View className="stat">
          <Text className="stat__value">{percent(c.bp)}</Text>
          <Text className="stat__label">提成比例</Text>
        </View>
      </View>
      <Text className="cell__desc guide-commission__rule">
        按实付金额计提，支付 {c.refundWindowDays} 天后（退款期结束）进入当月结算；退款期内退款按比例扣减，结算后退款在下期结算中追回。
      </Text>
      {c.months.map((m) => (
        <View className="cell" key={m.period} id={`guide-commission-month-${m.period}`}>
          <View className="cell__main">
            <Text className="cell__title">
              {m.period.replace('-', ' 年 ')} 月{m.state === 'closed' ? ' · 已结算' : ''}
            </Text>
            <Text className="cell__desc">
              计提 {formatYuan(m.earnedFen)} · 结算 {formatYuan(m.settledFen)} · 追回 {formatYuan(m.clawbackFen)}
              {m.carryInFen ? ` · 上期结转 ${formatYuan(m.carryInFen)}` : ''}
            </Text>
          </View>
          <Text className="cell__value">{m.payableFen === null ? '未结算' : `应发 ${formatYuan(m.payableFen)}`}</Text>
        </View>
      ))}
    </View>
  );
}

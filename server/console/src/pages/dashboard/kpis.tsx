/** 概览 KPI cards: each figure with the previous period and the change (↑/↓ %). */
import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { ConsoleDashboard, DashboardKpi } from '@homeclub/shared';
import { changeText, count, percentBp, yuan } from './format';

interface KpiDef {
  key: DashboardKpi;
  title: string;
  format: (n: number) => string;
  lowerIsBetter?: boolean;
  hint?: string;
}

export const KPI_GROUPS: { title: string; items: KpiDef[] }[] = [
  {
    title: '会员',
    items: [
      { key: 'membersTotal', title: '会员总数', format: count, hint: '期末' },
      { key: 'membersNew', title: '新增会员', format: count },
      { key: 'membersActiveDaily', title: '日均活跃会员', format: count, hint: '当天消费或预约' },
    ],
  },
  {
    title: '销售',
    items: [
      { key: 'salesFen', title: '销售额', format: yuan },
      { key: 'paidOrders', title: '支付订单', format: count },
      { key: 'avgOrderFen', title: '客单价', format: yuan },
      { key: 'refundFen', title: '退款金额', format: yuan, lowerIsBetter: true },
    ],
  },
  {
    title: '优惠券与积分',
    items: [
      { key: 'couponsIssued', title: '发券', format: count },
      { key: 'couponRedemptionBp', title: '核销率', format: percentBp, hint: '期间用券 / 发券' },
      { key: 'pointsIssued', title: '发放积分', format: count },
      { key: 'pointsRedeemed', title: '使用积分', format: count },
      { key: 'pointsExpired', title: '过期积分', format: count },
      { key: 'pointsLiabilityFen', title: '积分负债', format: yuan, hint: '未使用积分按抵扣比例折算' },
    ],
  },
  {
    title: '预约与合伙人',
    items: [
      { key: 'bookings', title: '预约', format: count },
      { key: 'attendanceBp', title: '到店率', format: percentBp },
      { key: 'noShowBp', title: '爽约率', format: percentBp, lowerIsBetter: true },
      { key: 'bookingPurchaseBp', title: '到店后30天成交率', format: percentBp },
      { key: 'referralsRegistered', title: '邀请注册', format: count },
      { key: 'referralsPurchased', title: '邀请成交', format: count },
    ],
  },
];

const TONE = { up: '#3f8600', down: '#cf1322', flat: '#8c8c8c' };

export function KpiCards({ data }: { data: ConsoleDashboard }) {
  return (
    <>
      {KPI_GROUPS.map((g) => (
        <Card key={g.title} size="small" title={g.title} style={{ marginBottom: 16 }}>
          <Row gutter={[16, 16]}>
            {g.items.map((k) => {
              const f = data.kpis[k.key];
              const change = changeText(f.changePct, k.lowerIsBetter);
              return (
                <Col key={k.key} xs={12} md={8} xl={4}>
                  <div data-testid={`kpi-${k.key}`} data-value={f.value}>
                    <Statistic title={k.hint ? `${k.title}（${k.hint}）` : k.title} value={k.format(f.value)} />
                    <Typography.Text style={{ color: TONE[change.tone] }} data-testid={`kpi-${k.key}-change`}>
                      {change.text}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                      上期 {k.format(f.previous)}
                    </Typography.Text>
                  </div>
                </Col>
              );
            })}
          </Row>
        </Card>
      ))}
    </>
  );
}

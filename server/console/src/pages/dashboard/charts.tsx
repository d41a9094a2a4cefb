/** 概览 charts: trends per day, the tier split, coupons by template, the booking and referral funnels. */
import { useMemo } from 'react';
import { Card, Col, Descriptions, Row, Table } from 'antd';
import type { ConsoleDashboard } from '@homeclub/shared';
import { Chart } from '../../components/chart';
import { EmptyState } from '../../components/states';
import { count, percentBp, yuan, yuanShort } from './format';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function Panel({ title, empty, children }: { title: string; empty: boolean; children: React.ReactNode }) {
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      {empty ? <EmptyState text="该时间段暂无数据" /> : children}
    </Card>
  );
}

export function DashboardCharts({ data }: { data: ConsoleDashboard }) {
  const s = data.series;
  const o = useMemo(() => {
    const days = s.days.map((d) => d.slice(5));
    const tiers = data.tiers.filter((t) => t.members > 0);
    return {
      members: {
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 16, top: 24, bottom: 28 },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ name: '新增会员', type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: s.membersNew }],
      },
      sales: {
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => yuan(v) },
        legend: { data: ['销售额', '退款'] },
        grid: { left: 64, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => yuanShort(v) } },
        series: [
          { name: '销售额', type: 'bar', data: s.salesFen },
          { name: '退款', type: 'line', data: s.refundFen },
        ],
      },
      tiers: {
        tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
        legend: { bottom: 0 },
        series: [{ name: '会员等级', type: 'pie', radius: ['40%', '68%'], data: tiers.map((t) => ({ name: t.name, value: t.members })) }],
      },
      coupons: {
        tooltip: { trigger: 'axis' },
        legend: { data: ['发券', '用券'] },
        grid: { left: 120, right: 24, top: 32, bottom: 24 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: data.coupons.map((c) => c.name) },
        series: [
          { name: '发券', type: 'bar', data: data.coupons.map((c) => c.issued) },
          { name: '用券', type: 'bar', data: data.coupons.map((c) => c.used) },
        ],
      },
      bookingFunnel: {
        tooltip: { trigger: 'item', formatter: '{b}：{c}' },
        series: [{ name: '预约转化', type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { position: 'inside', formatter: '{b} {c}' }, data: data.bookingFunnel.map((f) => ({ name: f.name, value: f.value })) }],
      },
      referralFunnel: {
        tooltip: { trigger: 'item', formatter: '{b}：{c}' },
        series: [{ name: '合伙人转化', type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { position: 'inside', formatter: '{b} {c}' }, data: data.referralFunnel.map((f) => ({ name: f.name, value: f.value })) }],
      },
      kinds: {
        tooltip: { trigger: 'axis' },
        legend: { data: ['预约', '到店', '爽约', '30天内成交'] },
        grid: { left: 40, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: data.bookingsByKind.map((k) => k.name) },
        yAxis: { type: 'value', minInterval: 1 },
        series: (['booked', 'attended', 'noShow', 'purchased'] as const).map((f, i) => ({ name: ['预约', '到店', '爽约', '30天内成交'][i], type: 'bar', data: data.bookingsByKind.map((k) => k[f]) })),
      },
    };
  }, [data, s]);
  const r = data.rewards;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Panel title="每日新增会员" empty={sum(s.membersNew) === 0}>
          <Chart testId="chart-members" option={o.members} points={sum(s.membersNew)} />
        </Panel>
      </Col>
      <Col xs={24} xl={12}>
        <Panel title="每日销售额" empty={sum(s.salesFen) === 0 && sum(s.refundFen) === 0}>
          <Chart testId="chart-sales" option={o.sales} points={s.salesFen.filter((x) => x > 0).length} />
        </Panel>
      </Col>
      <Col xs={24} xl={8}>
        <Panel title="会员等级分布" empty={!data.tiers.some((t) => t.members > 0)}>
          <Chart testId="chart-tiers" option={o.tiers} points={data.tiers.filter((t) => t.members > 0).length} />
        </Panel>
      </Col>
      <Col xs={24} xl={16}>
        <Panel title="优惠券发放与核销（按券）" empty={data.coupons.length === 0}>
          <Chart testId="chart-coupons" option={o.coupons} points={data.coupons.length} />
          {/* a table, not three label: value items: long coupon names wrapped their figures onto three lines */}
          <Table<ConsoleDashboard['coupons'][number]>
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={data.coupons.slice(0, 3)}
            data-testid="coupon-top"
            columns={[
              { title: '券', dataIndex: 'name', ellipsis: true },
              { title: '发券', dataIndex: 'issued', align: 'right', width: 80, render: count },
              { title: '核销率', dataIndex: 'redemptionBp', align: 'right', width: 90, render: percentBp },
              { title: '带动销售', dataIndex: 'salesFen', align: 'right', width: 130, render: yuan },
            ]}
          />
        </Panel>
      </Col>
      <Col xs={24} xl={8}>
        <Panel title="预约转化（预约 → 到店 → 30天内成交）" empty={data.bookingFunnel[0].value === 0}>
          <Chart testId="chart-booking-funnel" option={o.bookingFunnel} points={data.bookingFunnel[0].value} />
        </Panel>
      </Col>
      <Col xs={24} xl={8}>
        <Panel title="各服务预约" empty={data.bookingsByKind.length === 0}>
          <Chart testId="chart-booking-kinds" option={o.kinds} points={data.bookingsByKind.length} />
        </Panel>
      </Col>
      <Col xs={24} xl={8}>
        <Panel title="合伙人转化（邀请 → 注册 → 预约 → 成交）" empty={data.referralFunnel[0].value === 0}>
          <Chart testId="chart-referral-funnel" option={o.referralFunnel} points={data.referralFunnel[0].value} />
          <Descriptions size="small" column={1} data-testid="referral-rewards">
            <Descriptions.Item label="待结算">{count(r.pending.count)} 笔 · {count(r.pending.points)} 积分 · {yuan(r.pending.fen)}</Descriptions.Item>
            <Descriptions.Item label="已结算">{count(r.settled.count)} 笔 · {count(r.settled.points)} 积分 · {yuan(r.settled.fen)}</Descriptions.Item>
            <Descriptions.Item label="已追回">{count(r.clawedBack.count)} 笔 · {count(r.clawedBack.points)} 积分 · {yuan(r.clawedBack.fen)}</Descriptions.Item>
          </Descriptions>
        </Panel>
      </Col>
    </Row>
  );
}

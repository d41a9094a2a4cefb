/**
 * RFM 分析: the eight classic groups (above / below the chain's mean of R, F
 * and M) as a grid with members, share and sales of the last 365 days, and a
 * chart of sales per group; each group links to a segment preview.
 */
import { useMemo } from 'react';
import { Alert, Card, Col, Empty, Row, Space, Statistic, Typography } from 'antd';
import type { ResponseOf } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { Chart } from '../../components/chart';
import { yuan } from '../../components/format';
import { RFM_GROUPS, RFM_HINT } from './labels';

export function RfmPage() {
  const state = useApi((signal) => call('consoleInsightRfm', { signal }), []);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="insight-rfm">
      <Loadable state={state}>{(data) => <RfmBody data={data} />}</Loadable>
    </Space>
  );
}

function RfmBody({ data }: { data: ResponseOf<'consoleInsightRfm'> }) {
  const by = new Map(data.groups.map((g) => [g.group, g]));
  const total = data.groups.reduce((s, g) => s + g.members, 0);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 80, right: 24, top: 16, bottom: 24 },
      // ticks at whole yuan at least (small sales gave ¥0 ¥0 ¥1 …)
      xAxis: { type: 'value', minInterval: 100, axisLabel: { formatter: (v: number) => `¥${Math.round(v / 100).toLocaleString()}` } },
      yAxis: { type: 'category', data: [...RFM_GROUPS].reverse() },
      series: [{ type: 'bar', name: '近365天销售额', itemStyle: { color: '#1677ff' }, data: [...RFM_GROUPS].reverse().map((g) => by.get(g)?.paidFen ?? 0) }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data],
  );
  const sales = data.groups.reduce((s, g) => s + g.paidFen, 0);
  // its own Space: the page's Space sees this body as one item, so the notice, grid and chart had no gap
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {data.date ? (
        <Typography.Text type="secondary">按 {data.date} 的评分计算；{data.unscored > 0 ? `${data.unscored} 位会员尚无购买，未参与分组` : '所有会员均已分组'}</Typography.Text>
      ) : (
        <Alert type="info" showIcon message="还没有评分：请在「生命周期」页点击「立即计算」，或等待每晚的自动计算" />
      )}
      <Row gutter={[16, 16]} data-testid="rfm-grid">
        {RFM_GROUPS.map((g) => {
          const row = by.get(g);
          const share = total ? ((row?.members ?? 0) / total) * 100 : 0;
          return (
            <Col span={6} key={g}>
              <Card size="small" title={g} extra={<Typography.Text type="secondary">{share.toFixed(1)}%</Typography.Text>} data-testid={`rfm-${g}`}>
                <Typography.Paragraph type="secondary" style={{ minHeight: 22 }}>
                  {RFM_HINT[g]}
                </Typography.Paragraph>
                <Space size={32}>
                  <Statistic title="会员" value={row?.members ?? 0} suffix="人" />
                  <Statistic title="近365天销售额" value={yuan(row?.paidFen ?? 0)} />
                </Space>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Card title="各客群销售额" size="small">
        {sales > 0 ? (
          <Chart option={option} height={320} testId="rfm-sales" points={data.groups.length} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={data.date ? '近 365 天没有销售' : '评分后按客群显示近 365 天销售额'} data-testid="rfm-sales-empty" />
        )}
      </Card>
    </Space>
  );
}

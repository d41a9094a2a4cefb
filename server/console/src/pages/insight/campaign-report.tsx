/**
 * One campaign: its runs (audience, treated, control, skipped by reason) and
 * the report of treated vs the holdout control — conversion, orders and sales
 * per member with 95 % intervals, and the estimated incremental sales.
 */
import { useMemo } from 'react';
import { Alert, Button, Card, Col, Descriptions, Drawer, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { CampaignView, ResponseOf } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { Chart } from '../../components/chart';
import { time, yuan } from '../../components/format';
import { RUN_STATE } from './labels';

type Report = ResponseOf<'consoleCampaignReport'>;
type Interval = Report['conversion'];

const SKIP: Record<string, string> = { cap: '频控', budget: '预算用尽', consent: '未订阅', quiet: '免打扰', duplicate: '已发过', missing: '会员不存在' };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function Diff({ title, v, format }: { title: string; v: Interval; format: (x: number) => string }) {
  if (!v) return <Statistic title={title} value="样本不足" />;
  return (
    <Space direction="vertical" size={0}>
      <Statistic title={title} value={`${v.diff >= 0 ? '+' : ''}${format(v.diff)}`} valueStyle={{ color: v.significant ? (v.diff >= 0 ? '#389e0d' : '#cf1322') : undefined }} />
      <Typography.Text type="secondary">
        95% 区间 [{format(v.low)}, {format(v.high)}] {v.significant ? <Tag color="green">显著</Tag> : <Tag>不显著</Tag>}
      </Typography.Text>
    </Space>
  );
}

export function CampaignDetail({ campaign, onClose }: { campaign: CampaignView | null; onClose: () => void }) {
  const report = useApi((signal) => (campaign ? call('consoleCampaignReport', { params: { id: campaign.id }, query: { fresh: '1' }, signal }) : Promise.resolve(null)), [campaign?.id]);
  return (
    <Drawer title={campaign ? `活动效果：${campaign.name}` : ''} width={860} open={!!campaign} onClose={onClose} extra={<Button onClick={report.reload}>刷新</Button>}>
      {campaign && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={campaign.runs}
            locale={{ emptyText: '尚未执行' }}
            columns={[
              { title: '批次', dataIndex: 'key', render: (k: string) => (k === 'once' ? '单次' : k) },
              { title: '状态', dataIndex: 'state', render: (s: string) => <Tag color={RUN_STATE[s]?.color}>{RUN_STATE[s]?.text ?? s}</Tag> },
              { title: '目标人数', dataIndex: 'audience', align: 'right' },
              { title: '实验组', dataIndex: 'treated', align: 'right' },
              { title: '对照组', dataIndex: 'control', align: 'right' },
              { title: '跳过', dataIndex: 'skipped', render: (s: Record<string, number>) => Object.entries(s).map(([k, n]) => `${SKIP[k] ?? k} ${n}`).join('，') || '—' },
              { title: '开始', dataIndex: 'startedAt', render: time },
            ]}
            data-testid="campaign-runs"
          />
          <Loadable state={report}>{(r) => (r ? <ReportBody r={r} /> : null)}</Loadable>
        </Space>
      )}
    </Drawer>
  );
}

function ReportBody({ r }: { r: Report }) {
  const per = (s: Report['treated']) => (s.members ? s.salesFen / s.members : 0);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => yuan(Math.round(v)) },
      grid: { left: 72, right: 16, top: 24, bottom: 24 },
      xAxis: { type: 'category', data: ['实验组（发放）', '对照组（未发放）'] },
      yAxis: { type: 'value', minInterval: 100, axisLabel: { formatter: (v: number) => `¥${Math.round(v / 100)}` } },
      series: [{ type: 'bar', name: '人均销售额', barWidth: 64, data: [{ value: per(r.treated), itemStyle: { color: '#1677ff' } }, { value: per(r.control), itemStyle: { color: '#bfbfbf' } }] }],
    }),
    [r],
  );
  return (
    <>
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label="观察期">{r.from.slice(0, 10)} 至 {r.to.slice(0, 10)}</Descriptions.Item>
        <Descriptions.Item label="实验组 / 对照组">{r.treated.members} / {r.control.members} 人</Descriptions.Item>
        <Descriptions.Item label="核销率">{r.redemptionRate === null ? '—' : pct(r.redemptionRate)}</Descriptions.Item>
        <Descriptions.Item label="实验组购买人数">{r.treated.buyers}</Descriptions.Item>
        <Descriptions.Item label="对照组购买人数">{r.control.buyers}</Descriptions.Item>
        <Descriptions.Item label="计算时间">{time(r.computedAt)}</Descriptions.Item>
        {r.banner && <Descriptions.Item label="横幅投放 / 已展示">{r.banner.targeted} / {r.banner.shown} 人</Descriptions.Item>}
      </Descriptions>
      {r.control.members === 0 && <Alert type="warning" showIcon message="没有对照组（对照比例为 0），无法衡量增量" />}
      <Row gutter={16} style={{ marginTop: 8 }} data-testid="campaign-uplift">
        <Col span={6}>
          <Diff title="购买转化率差" v={r.conversion} format={pct} />
        </Col>
        <Col span={6}>
          <Diff title="人均订单差" v={r.ordersPerMember} format={(x) => x.toFixed(2)} />
        </Col>
        <Col span={6}>
          <Diff title="人均销售额差" v={r.salesPerMemberFen} format={(x) => yuan(Math.round(x))} />
        </Col>
        <Col span={6}>
          {r.incrementalSales ? (
            <Space direction="vertical" size={0}>
              <Statistic title="估计增量销售额" value={yuan(r.incrementalSales.fen)} />
              <Typography.Text type="secondary">
                [{yuan(r.incrementalSales.lowFen)}, {yuan(r.incrementalSales.highFen)}]
              </Typography.Text>
            </Space>
          ) : (
            <Statistic title="估计增量销售额" value="样本不足" />
          )}
        </Col>
      </Row>
      <Card size="small" title="人均销售额：实验组 vs 对照组">
        <Chart option={option} height={260} testId="uplift-chart" points={2} />
      </Card>
    </>
  );
}

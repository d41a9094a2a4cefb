/**
 * 生命周期: members per stage this month (funnel of the path to purchase and
 * the cards of every stage), stage counts per month, and last month's flows
 * between stages — all from the nightly run's rollups.
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Row, Segmented, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { ResponseOf } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { Chart } from '../../components/chart';
import { STAGES, STAGE_COLOR, STAGE_HINT, type Stage } from './labels';

export function StagesPage() {
  const [months, setMonths] = useState(6);
  const state = useApi((signal) => call('consoleInsightStages', { query: { months }, signal }), [months]);
  const { message } = App.useApp();
  const [running, setRunning] = useState(false);
  const runNow = async () => {
    setRunning(true);
    try {
      const r = await call('consoleInsightRunScores');
      message.success(`已完成 ${r.date} 的评分，共 ${r.members} 位会员`);
      state.reload();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="insight-stages">
      <Card size="small">
        <Space wrap>
          <Segmented value={months} onChange={(v) => setMonths(Number(v))} options={[{ label: '近3个月', value: 3 }, { label: '近6个月', value: 6 }, { label: '近12个月', value: 12 }]} />
          <Button icon={<ReloadOutlined />} loading={running} onClick={runNow} data-testid="run-scores">
            立即计算
          </Button>
          {state.data?.lastRun && (
            <Typography.Text type="secondary">
              最近一次计算：{state.data.lastRun.date}（{state.data.lastRun.phase === 'done' ? '已完成' : '进行中'}，{state.data.lastRun.members} 位会员）
            </Typography.Text>
          )}
        </Space>
      </Card>
      <Loadable state={state}>{(data) => <StagesBody data={data} />}</Loadable>
    </Space>
  );
}

type StagesData = ResponseOf<'consoleInsightStages'>;

function StagesBody({ data }: { data: StagesData }) {
  const latest = data.months[data.months.length - 1]?.counts ?? {};
  const count = (s: Stage) => latest[s] ?? 0;
  const lastMonth = data.months[data.months.length - 1]?.month;
  const flows = data.flows.filter((f) => f.month === lastMonth && f.from !== f.to).sort((a, b) => b.members - a.members);
  const funnel = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 人' },
      series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { formatter: '{b} {c}' }, data: (['潜客', '意向', '新客', '活跃'] as Stage[]).map((s) => ({ name: s, value: count(s), itemStyle: { color: STAGE_COLOR[s] } })) }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data],
  );
  const monthly = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'category', data: data.months.map((m) => m.month) },
      yAxis: { type: 'value' },
      series: STAGES.map((s) => ({ name: s, type: 'bar', stack: 'stage', itemStyle: { color: STAGE_COLOR[s] }, data: data.months.map((m) => m.counts[s] ?? 0) })),
    }),
    [data],
  );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        {STAGES.map((s) => (
          <Col flex="1" key={s}>
            <Card size="small" data-testid={`stage-${s}`}>
              <Tooltip title={STAGE_HINT[s]}>
                <Statistic title={<Tag color={STAGE_COLOR[s]}>{s}</Tag>} value={count(s)} suffix="人" />
              </Tooltip>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={16}>
        <Col span={9}>
          <Card title="转化漏斗（本月）" size="small">
            <Chart option={funnel} testId="stage-funnel" points={4} />
          </Card>
        </Col>
        <Col span={15}>
          <Card title="各阶段人数（按月）" size="small">
            <Chart option={monthly} testId="stage-monthly" points={data.months.length} />
          </Card>
        </Col>
      </Row>
      <Card title={`阶段流转（${lastMonth ?? '本月'}）`} size="small">
        <Table
          rowKey={(r) => `${r.from}-${r.to}`}
          size="small"
          pagination={false}
          dataSource={flows}
          locale={{ emptyText: '本月还没有阶段变化' }}
          columns={[
            { title: '从', dataIndex: 'from', render: (v: Stage | null) => (v ? <Tag color={STAGE_COLOR[v]}>{v}</Tag> : '新注册') },
            { title: '到', dataIndex: 'to', render: (v: Stage) => <Tag color={STAGE_COLOR[v]}>{v}</Tag> },
            { title: '人数', dataIndex: 'members', align: 'right' },
          ]}
          data-testid="stage-flows"
        />
      </Card>
    </Space>
  );
}

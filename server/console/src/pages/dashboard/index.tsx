/**
 * 概览: KPI cards with the previous period, and charts, from the daily rollups
 * (GET /api/console/dashboard). The range picker is here; the store filter is
 * the header's (a store manager's is fixed to their store).
 */
import { useState } from 'react';
import { Alert, Card, DatePicker, Segmented, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { today } from '../../components/shanghai';
import type { ConsoleDashboardQuery } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { useSession, useStoreFilter } from '../../session';
import { KpiCards } from './kpis';
import { DashboardCharts } from './charts';

type Range = ConsoleDashboardQuery['range'];
const RANGES: { label: string; value: Range }[] = [
  { label: '今天', value: 'today' },
  { label: '近7天', value: '7d' },
  { label: '近30天', value: '30d' },
  { label: '近90天', value: '90d' },
  { label: '自定义', value: 'custom' },
];

export function DashboardPage() {
  const storeId = useStoreFilter();
  const { storeName } = useSession();
  const [range, setRange] = useState<Range>('30d');
  const [custom, setCustom] = useState<[Dayjs, Dayjs]>(() => [today().subtract(13, 'day'), today()]);
  const from = custom[0].format('YYYY-MM-DD');
  const to = custom[1].format('YYYY-MM-DD');
  const state = useApi(
    (signal) => call('consoleDashboard', { query: range === 'custom' ? { range, from, to, storeId } : { range, storeId }, signal }),
    [range, from, to, storeId],
  );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="dashboard">
      <Card size="small">
        <Space wrap>
          <Typography.Text strong>{storeName(storeId ?? null)}</Typography.Text>
          <Segmented data-testid="range-picker" options={RANGES} value={range} onChange={(v) => setRange(v as Range)} />
          {range === 'custom' && (
            <DatePicker.RangePicker
              data-testid="range-custom"
              value={custom}
              allowClear={false}
              disabledDate={(d) => d.isAfter(today(), 'day') || d.isBefore(today().subtract(365, 'day'), 'day')}
              onChange={(v) => v?.[0] && v[1] && setCustom([v[0], v[1]])}
            />
          )}
          {state.data && (
            <Typography.Text type="secondary" data-testid="range-text">
              {state.data.range.from} 至 {state.data.range.to}（对比 {state.data.range.previous.from} 至 {state.data.range.previous.to}）
            </Typography.Text>
          )}
        </Space>
      </Card>
      <Loadable state={state}>
        {(data) => (
          <div style={{ opacity: state.loading ? 0.5 : 1 }}>
            {data.pendingDays.length > 0 && (
              <Alert type="info" showIcon style={{ marginBottom: 16 }} message={`有 ${data.pendingDays.length} 天的数据正在汇总，稍后刷新即可看到完整数据`} />
            )}
            <KpiCards data={data} />
            <DashboardCharts data={data} />
          </div>
        )}
      </Loadable>
    </Space>
  );
}

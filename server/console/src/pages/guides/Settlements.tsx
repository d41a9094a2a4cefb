/**
 * 提成结算 (chain admins): every guide's settlement of a month — commission settled into it,
 * clawbacks of refunds after an earlier settlement, a negative month carried in, and what the
 * closed month pays (the settlement job closes a month early in the next one).
 */
import { useState } from 'react';
import { Card, DatePicker, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { today } from '../../components/shanghai';
import type { ResponseOf } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { yuan } from '../../components/format';

type Row = ResponseOf<'consoleGuideSettlements'>['items'][number];

export function GuideSettlements() {
  const [month, setMonth] = useState<Dayjs>(() => today().subtract(1, 'month'));
  const period = month.format('YYYY-MM');
  const state = useApi((signal) => call('consoleGuideSettlements', { query: { period }, signal }), [period]);
  return (
    <Card
      title="提成结算"
      extra={<DatePicker picker="month" allowClear={false} value={month} onChange={(v) => v && setMonth(v)} />}
    >
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table<Row>
          rowKey="guideId"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '该月没有提成结算' }}
          data-testid="guide-settlements-table"
          columns={[
            { title: '导购', dataIndex: 'nickname' },
            { title: '门店', dataIndex: 'storeName' },
            { title: '结算订单', dataIndex: 'orders' },
            { title: '结算提成', render: (_v, r) => yuan(r.settledFen) },
            { title: '追回', render: (_v, r) => (r.clawbackFen ? `${yuan(r.clawbackFen)}（${r.clawbacks} 笔）` : yuan(0)) },
            { title: '上期结转', render: (_v, r) => yuan(r.carryInFen) },
            { title: '应发', render: (_v, r) => (r.payableFen === null ? '—' : <b>{yuan(r.payableFen)}</b>) },
            {
              title: '状态',
              render: (_v, r) => (r.state === 'closed' ? <Tag color="green">已结算</Tag> : <Tag>本月进行中</Tag>),
            },
          ]}
        />
      )}
    </Card>
  );
}

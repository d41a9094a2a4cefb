/** 积分流水: the member's applied entries, newest first, with the balance after each; paged by key. */
import { Table, Typography } from 'antd';
import { pointsReasonText, type PointsEntryView } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { Pager } from '../../components/Pager';
import { usePager } from '../../components/usePager';
import { POINTS_KIND, time } from '../../components/format';

export function Ledger({ memberId }: { memberId: string }) {
  const pager = usePager();
  const state = useApi((signal) => call('consoleMemberLedger', { params: { memberId }, query: { after: pager.after, limit: 20 }, signal }), [memberId, pager.after]);
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  return (
    <>
      <Table<PointsEntryView>
        rowKey="id"
        size="small"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '暂无积分流水' }}
        data-testid="ledger-table"
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: time },
          { title: '类型', dataIndex: 'kind', render: (k: string) => POINTS_KIND[k] ?? k },
          { title: '说明', render: (_: unknown, e) => e.note ?? pointsReasonText(e.reason) },
          {
            title: '变动',
            dataIndex: 'amount',
            align: 'right',
            render: (a: number) => <Typography.Text type={a < 0 ? 'danger' : 'success'}>{a > 0 ? `+${a}` : a}</Typography.Text>,
          },
          { title: '余额', dataIndex: 'balanceAfter', align: 'right', render: (b: number | null) => b ?? '—' },
        ]}
      />
      <Pager pager={pager} next={state.data?.next} />
    </>
  );
}

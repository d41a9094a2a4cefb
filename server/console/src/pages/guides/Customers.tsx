/** One guide's customers (masked phones; the server audits the lookup and checks the store scope). */
import { Table, Tag } from 'antd';
import type { ResponseOf } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { day } from '../../components/format';

type Row = ResponseOf<'consoleGuideCustomers'>['items'][number];
const SOURCE: Record<string, string> = { code: '扫码/分享', checkin: '到店签到', till: '收银开单', transfer: '客户转移' };

export function GuideCustomers({ guideId }: { guideId: string }) {
  const state = useApi((signal) => call('consoleGuideCustomers', { params: { guideId }, signal }), [guideId]);
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  return (
    <Table<Row>
      rowKey="memberId"
      size="small"
      loading={state.loading}
      dataSource={state.data?.items ?? []}
      pagination={{ pageSize: 20 }}
      locale={{ emptyText: '暂无客户' }}
      data-testid="guide-customers-table"
      columns={[
        { title: '会员', dataIndex: 'nickname' },
        { title: '手机', dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
        { title: '阶段', dataIndex: 'stage', render: (v: string | null) => (v ? <Tag>{v}</Tag> : '—') },
        { title: 'RFM', dataIndex: 'rfmGroup', render: (v: string | null) => v ?? '—' },
        { title: '绑定', render: (_v, r) => `${day(r.boundAt)} ${SOURCE[r.source] ?? r.source}` },
        { title: '最近到店', dataIndex: 'lastVisitAt', render: day },
        { title: '下次预约', dataIndex: 'nextBookingAt', render: day },
      ]}
    />
  );
}

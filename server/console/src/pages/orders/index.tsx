/** 订单: orders and refunds across stores (the header's store filter), paged by key; CSV export of orders and coupons. */
import { useEffect, useState } from 'react';
import { Card, Segmented, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { REFUND_STATE_TEXT, type StaffOrderView } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { Pager } from '../../components/Pager';
import { usePager } from '../../components/usePager';
import { ExportButton } from '../../components/ExportButton';
import { ORDER_STATE, time, yuan } from '../../components/format';
import { useStoreFilter } from '../../session';

type OrderState = StaffOrderView['state'];

export function OrdersPage() {
  const storeId = useStoreFilter();
  const [view, setView] = useState<'all' | 'refunds'>('all');
  const [state, setState] = useState<OrderState>();
  const pager = usePager();
  const { reset } = pager;
  useEffect(reset, [storeId, view, state, reset]);
  const data = useApi(
    (signal) => call('consoleOrders', { query: { storeId, state, refunded: view === 'refunds' ? '1' : undefined, after: pager.after, limit: 20 }, signal }),
    [storeId, view, state, pager.after],
  );
  return (
    <Card
      title="订单"
      extra={
        <Space>
          <ExportButton kind="orders" storeId={storeId} label="导出订单" />
          <ExportButton kind="coupons" storeId={storeId} label="导出优惠券" />
        </Space>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Segmented value={view} onChange={(v) => setView(v as 'all' | 'refunds')} options={[{ value: 'all', label: '全部订单' }, { value: 'refunds', label: '有退款' }]} />
        <Select<OrderState>
          allowClear
          placeholder="订单状态"
          style={{ width: 140 }}
          value={state}
          onChange={setState}
          options={Object.entries(ORDER_STATE).map(([value, s]) => ({ value: value as OrderState, label: s.text }))}
        />
      </Space>
      {data.error ? (
        <ErrorState error={data.error} onRetry={data.reload} />
      ) : (
        <>
          <Table<StaffOrderView>
            rowKey="id"
            loading={data.loading}
            dataSource={data.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: '没有订单' }}
            data-testid="orders-table"
            expandable={{
              rowExpandable: (o) => o.refunds.length > 0,
              expandedRowRender: (o) => (
                <Table
                  rowKey="refundNo"
                  size="small"
                  pagination={false}
                  dataSource={o.refunds}
                  columns={[
                    { title: '退款单号', dataIndex: 'refundNo' },
                    { title: '金额', dataIndex: 'amountFen', render: yuan },
                    { title: '状态', dataIndex: 'state', render: (st: keyof typeof REFUND_STATE_TEXT) => REFUND_STATE_TEXT[st] },
                    { title: '原因', dataIndex: 'reason' },
                    { title: '时间', dataIndex: 'createdAt', render: time },
                  ]}
                />
              ),
            }}
            columns={[
              { title: '下单时间', dataIndex: 'createdAt', render: time },
              { title: '门店', dataIndex: 'storeName' },
              { title: '会员', render: (_: unknown, o) => <Link to={`/members/${o.member.id}`}>{o.member.nickname}</Link> },
              { title: '状态', dataIndex: 'state', render: (s: string) => <Tag color={ORDER_STATE[s]?.color}>{ORDER_STATE[s]?.text ?? s}</Tag> },
              { title: '账单', dataIndex: 'billFen', align: 'right', render: yuan },
              { title: '券', dataIndex: 'couponDiscountFen', align: 'right', render: yuan },
              { title: '积分抵扣', dataIndex: 'pointsValueFen', align: 'right', render: yuan },
              { title: '实付', dataIndex: 'cashFen', align: 'right', render: yuan },
              { title: '已退', dataIndex: 'refundedFen', align: 'right', render: yuan },
            ]}
          />
          <Pager pager={pager} next={data.data?.next} />
        </>
      )}
    </Card>
  );
}

/**
 * 订单: orders and refunds across stores (the header's store filter), paged by key; a search box for one order (订单号,
 * 退款单号, 商户订单号) or a member's orders (phone, card number); the order's detail in a drawer; CSV export.
 */
import { useEffect, useState } from 'react';
import { Card, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ORDER_SEARCH_HINT, orderSearch, type StaffOrderView } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { Pager } from '../../components/Pager';
import { usePager } from '../../components/usePager';
import { ExportButton } from '../../components/ExportButton';
import { ORDER_STATE, time, yuan } from '../../components/format';
import { useStoreFilter } from '../../session';
import { OrderDetail, RefundsTable } from './OrderDetail';

type OrderState = StaffOrderView['state'];

export function OrdersPage() {
  const storeId = useStoreFilter();
  const [view, setView] = useState<'all' | 'refunds'>('all');
  const [state, setState] = useState<OrderState>();
  const [text, setText] = useState('');
  const [q, setQ] = useState<string>();
  const [open, setOpen] = useState<StaffOrderView | null>(null);
  const bad = text.trim() !== '' && !orderSearch(text);
  const pager = usePager();
  const { reset } = pager;
  useEffect(reset, [storeId, view, state, q, reset]);
  const data = useApi(
    (signal) => call('consoleOrders', { query: { storeId, state, refunded: view === 'refunds' ? '1' : undefined, q, after: pager.after, limit: 20 }, signal }),
    [storeId, view, state, q, pager.after],
  );
  const search = (v: string) => {
    if (v.trim() === '') setQ(undefined);
    else if (orderSearch(v)) setQ(v.trim());
  };
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
      <Space style={{ marginBottom: 16 }} align="start">
        <Space direction="vertical" size={2}>
          <Input.Search
            allowClear
            placeholder={ORDER_SEARCH_HINT}
            style={{ width: 360 }}
            value={text}
            status={bad ? 'error' : undefined}
            onChange={(e) => {
              setText(e.target.value);
              if (e.target.value === '') setQ(undefined);
            }}
            onSearch={search}
            data-testid="orders-search"
          />
          {bad && <Typography.Text type="danger">请输入完整的{ORDER_SEARCH_HINT}</Typography.Text>}
        </Space>
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
            locale={{ emptyText: q ? '没有找到订单' : '没有订单' }}
            data-testid="orders-table"
            expandable={{
              rowExpandable: (o) => o.refunds.length > 0,
              expandedRowRender: (o) => <RefundsTable order={o} />,
            }}
            onRow={(o) => ({ onClick: () => setOpen(o), style: { cursor: 'pointer' } })}
            columns={[
              { title: '订单号', dataIndex: 'number', width: 140, render: (n: string) => <Typography.Link style={{ fontVariantNumeric: 'tabular-nums' }}>{n}</Typography.Link> },
              { title: '下单时间', dataIndex: 'createdAt', render: time },
              { title: '门店', dataIndex: 'storeName' },
              {
                title: '会员',
                render: (_: unknown, o) => (
                  <Link to={`/members/${o.member.id}`} onClick={(e) => e.stopPropagation()}>
                    {o.member.nickname}
                  </Link>
                ),
              },
              { title: '状态', dataIndex: 'state', render: (s: string) => <Tag color={ORDER_STATE[s]?.color}>{ORDER_STATE[s]?.text ?? s}</Tag> },
              { title: '账单', dataIndex: 'billFen', align: 'right', render: yuan },
              { title: '券', dataIndex: 'couponDiscountFen', align: 'right', render: yuan },
              { title: '积分抵扣', dataIndex: 'pointsValueFen', align: 'right', render: yuan },
              { title: '实付', dataIndex: 'cashFen', align: 'right', render: yuan },
              { title: '已退', dataIndex: 'refundedFen', align: 'right', render: yuan },
            ]}
          />
          <Pager pager={pager} next={data.data?.next} />
          <OrderDetail order={open} onClose={() => setOpen(null)} />
        </>
      )}
    </Card>
  );
}

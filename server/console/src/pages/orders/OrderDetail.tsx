/** 订单详情 (drawer of 订单): who, where, how it was paid (商户订单号 for WeChat Pay), the amounts, lines and refunds. */
import { Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ORDER_CHANNEL_TEXT, ORDER_SETTLEMENT_TEXT, REFUND_STATE_TEXT, type StaffOrderView } from '@homeclub/shared';
import { ORDER_STATE, time, yuan } from '../../components/format';

type Refund = StaffOrderView['refunds'][number];

export function RefundsTable({ order }: { order: StaffOrderView }) {
  return (
    <Table<Refund>
      rowKey="refundNo"
      size="small"
      pagination={false}
      dataSource={order.refunds}
      locale={{ emptyText: '没有退款' }}
      columns={[
        { title: '退款单号', dataIndex: 'number' },
        { title: '金额', dataIndex: 'amountFen', align: 'right', render: yuan },
        { title: '状态', dataIndex: 'state', render: (st: Refund['state']) => REFUND_STATE_TEXT[st] },
        { title: '原因', dataIndex: 'reason' },
        { title: '时间', dataIndex: 'createdAt', render: time },
      ]}
    />
  );
}

export function OrderDetail({ order, onClose }: { order: StaffOrderView | null; onClose: () => void }) {
  return (
    <Drawer title={order ? `订单 ${order.number}` : '订单'} width={720} open={!!order} onClose={onClose} destroyOnClose>
      {order && (
        <div data-testid="order-detail">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="状态">
              <Tag color={ORDER_STATE[order.state]?.color}>{ORDER_STATE[order.state]?.text ?? order.state}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="来源">{ORDER_CHANNEL_TEXT[order.channel]}</Descriptions.Item>
            <Descriptions.Item label="会员">
              <Link to={`/members/${order.member.id}`}>{order.member.nickname}</Link>
              {order.member.phoneMasked ? ` · ${order.member.phoneMasked}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="门店">{order.storeName}</Descriptions.Item>
            <Descriptions.Item label="下单时间">{time(order.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="支付时间">{time(order.paidAt)}</Descriptions.Item>
            <Descriptions.Item label="支付方式">{ORDER_SETTLEMENT_TEXT[order.settlement]}</Descriptions.Item>
            <Descriptions.Item label="商户订单号">
              {order.outTradeNo ? <Typography.Text copyable data-testid="order-detail-out-trade-no">{order.outTradeNo}</Typography.Text> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="账单金额">{yuan(order.billFen)}</Descriptions.Item>
            <Descriptions.Item label="优惠券">{order.couponName ? `${order.couponName}（-${yuan(order.couponDiscountFen)}）` : '—'}</Descriptions.Item>
            <Descriptions.Item label="积分抵扣">{order.pointsUsed > 0 ? `${order.pointsUsed} 积分（-${yuan(order.pointsValueFen)}）` : '—'}</Descriptions.Item>
            <Descriptions.Item label="实付">
              <Typography.Text strong>{yuan(order.cashFen)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="获得积分">{order.pointsEarned}</Descriptions.Item>
            <Descriptions.Item label="已退">{yuan(order.refundedFen)}</Descriptions.Item>
            {order.posTxnId && <Descriptions.Item label="POS 流水号">{order.posTxnId}</Descriptions.Item>}
          </Descriptions>
          {order.lines.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 24 }}>
                商品明细
              </Typography.Title>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={order.lines}
                columns={[
                  { title: '商品', dataIndex: 'name' },
                  { title: '金额', dataIndex: 'amountFen', align: 'right', render: yuan },
                  { title: '券', dataIndex: 'couponFen', align: 'right', render: yuan },
                  { title: '积分抵扣', dataIndex: 'pointsFen', align: 'right', render: yuan },
                  { title: '实付', dataIndex: 'cashFen', align: 'right', render: yuan },
                  { title: '', dataIndex: 'refunded', width: 70, render: (r: boolean) => (r ? <Tag>已退</Tag> : null) },
                ]}
              />
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            退款
          </Typography.Title>
          <RefundsTable order={order} />
        </div>
      )}
    </Drawer>
  );
}

/** 会员详情: card, points ledger, coupons, orders (each opens its detail), bookings, referral binding and audit trail. */
import { Card, Descriptions, Empty, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import type { ConsoleAuditRow, CouponView, StaffBookingView, StaffOrderView } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { BOOKING_STATE, COUPON_STATE, ORDER_STATE, day, time, yuan } from '../../components/format';
import { Ledger } from './Ledger';
import { OrderDetail } from '../orders/OrderDetail';
import { actionText, auditValue } from '../../components/audit-labels';
import { AdjustPoints } from './AdjustPoints';
import { useSession } from '../../session';
import { Space } from 'antd';
import { useState } from 'react';

export function MemberPage() {
  const { memberId = '' } = useParams();
  const state = useApi((signal) => call('consoleMember', { params: { memberId }, signal }), [memberId]);
  const { user } = useSession();
  const [version, setVersion] = useState(0);
  const [order, setOrder] = useState<StaffOrderView | null>(null);
  return (
    <Loadable state={state}>
      {(d) => (
        <>
          <Card title={<span data-testid="member-title">{d.member.nickname}</span>} extra={
              <Space>
                {user.role === 'admin' && <AdjustPoints memberId={memberId} nickname={d.member.nickname} onDone={() => {
                      setVersion((v) => v + 1);
                      state.reload();
                    }} />}
                <Link to="/members">返回会员列表</Link>
              </Space>
            } style={{ marginBottom: 16 }}>
            <Descriptions column={4} size="small" data-testid="member-card">
              <Descriptions.Item label="手机号">{d.member.phone ?? '未绑定'}</Descriptions.Item>
              <Descriptions.Item label="会员卡号">{d.member.cardNo ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="等级">{d.member.tierName ? <Tag color="gold">{d.member.tierName}</Tag> : '—'}</Descriptions.Item>
              <Descriptions.Item label="成长值">{d.member.growth}</Descriptions.Item>
              <Descriptions.Item label="积分余额">{d.member.pointsBalance}</Descriptions.Item>
              <Descriptions.Item label="冻结积分">{d.member.pointsHeld}</Descriptions.Item>
              <Descriptions.Item label="可用积分">{d.member.pointsAvailable}</Descriptions.Item>
              <Descriptions.Item label="常去门店">{d.member.storeName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="生日">{d.member.birthday ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="城市">{d.member.homeCity ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="爽约次数">{d.member.noShows}</Descriptions.Item>
              <Descriptions.Item label="注册时间">{time(d.member.createdAt)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card>
            <Tabs
              items={[
                { key: 'ledger', label: '积分流水', children: <Ledger key={version} memberId={memberId} /> },
                {
                  key: 'coupons',
                  label: `优惠券 (${d.coupons.length})`,
                  children: (
                    <Table<CouponView>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={d.coupons}
                      locale={{ emptyText: '暂无优惠券' }}
                      columns={[
                        { title: '券名称', render: (_: unknown, c) => c.terms.name },
                        { title: '券号', dataIndex: 'couponNo' },
                        { title: '状态', dataIndex: 'state', render: (s: string) => COUPON_STATE[s] ?? s },
                        { title: '领取', dataIndex: 'claimedAt', render: day },
                        { title: '有效期至', dataIndex: 'validTo', render: day },
                      ]}
                    />
                  ),
                },
                {
                  key: 'orders',
                  label: `订单 (${d.orders.length})`,
                  children: (
                    <Table<StaffOrderView>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={d.orders}
                      locale={{ emptyText: '暂无订单' }}
                      onRow={(o) => ({ onClick: () => setOrder(o), style: { cursor: 'pointer' } })}
                      columns={[
                        { title: '订单号', dataIndex: 'number', render: (n: string) => <Typography.Link>{n}</Typography.Link> },
                        { title: '时间', dataIndex: 'createdAt', render: time },
                        { title: '门店', dataIndex: 'storeName' },
                        { title: '状态', dataIndex: 'state', render: (s: string) => <Tag color={ORDER_STATE[s]?.color}>{ORDER_STATE[s]?.text ?? s}</Tag> },
                        { title: '账单', dataIndex: 'billFen', align: 'right', render: yuan },
                        { title: '实付', dataIndex: 'cashFen', align: 'right', render: yuan },
                        { title: '已退', dataIndex: 'refundedFen', align: 'right', render: yuan },
                      ]}
                    />
                  ),
                },
                {
                  key: 'bookings',
                  label: `预约 (${d.bookings.length})`,
                  children: (
                    <Table<StaffBookingView>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={d.bookings}
                      locale={{ emptyText: '暂无预约' }}
                      columns={[
                        { title: '时间', dataIndex: 'start', render: time },
                        { title: '门店', dataIndex: 'storeName' },
                        { title: '服务', dataIndex: 'serviceName' },
                        { title: '状态', dataIndex: 'state', render: (s: string) => <Tag color={BOOKING_STATE[s]?.color}>{BOOKING_STATE[s]?.text ?? s}</Tag> },
                      ]}
                    />
                  ),
                },
                {
                  key: 'referral',
                  label: '邀请关系',
                  children: d.referral ? (
                    <Descriptions size="small" column={2}>
                      <Descriptions.Item label="邀请人">
                        <Link to={`/members/${d.referral.partnerMemberId}`}>{d.referral.partnerNickname}</Link>
                      </Descriptions.Item>
                      <Descriptions.Item label="邀请码">{d.referral.code}</Descriptions.Item>
                      <Descriptions.Item label="方式">{d.referral.via}</Descriptions.Item>
                      <Descriptions.Item label="绑定时间">{time(d.referral.at)}</Descriptions.Item>
                    </Descriptions>
                  ) : (
                    <Empty description="没有邀请关系" />
                  ),
                },
                {
                  key: 'audit',
                  label: '操作记录',
                  children: (
                    <Table<ConsoleAuditRow>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={d.audit}
                      locale={{ emptyText: '暂无操作记录' }}
                      columns={[
                        { title: '时间', dataIndex: 'at', render: time },
                        { title: '操作人', dataIndex: 'actorName' },
                        { title: '操作', dataIndex: 'action', render: (a: string) => <span title={a}>{actionText(a)}</span> },
                        { title: '详情', dataIndex: 'detail', render: (v: unknown) => <span style={{ wordBreak: 'break-all' }}>{auditValue(v)}</span> },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </Card>
          <OrderDetail order={order} onClose={() => setOrder(null)} />
        </>
      )}
    </Loadable>
  );
}

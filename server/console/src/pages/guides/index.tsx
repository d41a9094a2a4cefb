/**
 * 导购: the guides in scope with their figures for a period, best net sales first
 * (the leaderboard); a guide's customers in a drawer; 添加导购 from a member search
 * (staff only); the binding and commission rules and customer transfers (chain admins).
 */
import { useState } from 'react';
import { Button, Card, DatePicker, Drawer, Input, List, Space, Table, Tabs, Tag, message } from 'antd';
import type { Dayjs } from 'dayjs';
import { today } from '../../components/shanghai';
import type { ResponseOf } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { yuan } from '../../components/format';
import { useSession, useStoreFilter } from '../../session';
import { GuideCustomers } from './Customers';
import { GuideSettingsForm } from './Settings';
import { GuideCommissionForm } from './Commission';
import { GuideSettlements } from './Settlements';
import { GuideTransfers } from './Transfers';

type Row = ResponseOf<'consoleGuides'>['items'][number];

function AddGuide({ onAdded }: { onAdded: () => void }) {
  const [q, setQ] = useState('');
  const found = useApi(
    (signal) => (q ? call('consoleMembers', { query: { q, limit: 10 }, signal }) : Promise.resolve({ items: [], next: null })),
    [q],
  );
  const add = async (memberId: string) => {
    try {
      const g = await call('consoleCreateGuide', { body: { memberId } });
      void message.success(`已开通导购 ${g.nickname}（导购码 ${g.code}）`);
      onAdded();
    } catch (err) {
      void message.error(messageOf(err));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        id="guide-add-search"
        allowClear
        placeholder="员工手机号 / 卡号 / 昵称"
        onSearch={(v) => setQ(v.trim())}
        style={{ width: 320 }}
      />
      {q ? (
        <List
          size="small"
          loading={found.loading}
          dataSource={found.data?.items ?? []}
          locale={{ emptyText: '没有找到会员' }}
          renderItem={(m) => (
            <List.Item
              actions={[
                <Button key="add" size="small" type="link" data-testid={`guide-add-${m.id}`} onClick={() => void add(m.id)}>
                  设为导购
                </Button>,
              ]}
            >
              {m.nickname} {m.phone ?? ''} {m.cardNo ?? ''}
            </List.Item>
          )}
        />
      ) : null}
    </Space>
  );
}

function Leaderboard() {
  const storeId = useStoreFilter();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [today().startOf('month'), today()]);
  const [open, setOpen] = useState<Row | null>(null);
  const [adding, setAdding] = useState(false);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const state = useApi((signal) => call('consoleGuides', { query: { storeId, from, to }, signal }), [storeId, from, to]);
  const leave = async (g: Row) => {
    try {
      await call('consoleGuideLeave', { params: { guideId: g.memberId } });
      void message.success(`${g.nickname} 已停用，请转移其客户`);
      state.reload();
    } catch (err) {
      void message.error(messageOf(err));
    }
  };
  return (
    <Card
      title="导购排行"
      extra={
        <Space>
          <DatePicker.RangePicker
            allowClear={false}
            value={range}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
          />
          <Button type="primary" onClick={() => setAdding((a) => !a)}>
            添加导购
          </Button>
        </Space>
      }
    >
      {adding ? <AddGuide onAdded={state.reload} /> : null}
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table<Row>
          rowKey="memberId"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '还没有导购' }}
          data-testid="guides-table"
          columns={[
            { title: '排名', render: (_v, _r, i) => i + 1, width: 60 },
            {
              title: '导购',
              dataIndex: 'nickname',
              render: (v: string, r) => (
                <Space>
                  {v}
                  {r.status === 'left' ? <Tag>已停用</Tag> : null}
                </Space>
              ),
            },
            { title: '门店', dataIndex: 'storeName' },
            { title: '导购码', dataIndex: 'code' },
            { title: '专属客户', render: (_v, r) => r.performance.customers },
            { title: '新增绑定', render: (_v, r) => r.performance.newBindings },
            { title: '订单', render: (_v, r) => r.performance.orders },
            { title: '销售额', render: (_v, r) => yuan(r.performance.salesFen) },
            { title: '退款', render: (_v, r) => yuan(r.performance.refundFen) },
            { title: '净业绩', render: (_v, r) => <b>{yuan(r.performance.netSalesFen)}</b> },
            { title: '提成', render: (_v, r) => <span data-testid={`guide-commission-${r.memberId}`}>{yuan(r.performance.commissionFen)}</span> },
            {
              title: '操作',
              render: (_v, r) => (
                <Space>
                  <Button size="small" type="link" data-testid={`guide-customers-${r.memberId}`} onClick={() => setOpen(r)}>
                    客户
                  </Button>
                  {r.status === 'active' ? (
                    <Button size="small" type="link" danger onClick={() => void leave(r)}>
                      停用
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Drawer
        width={720}
        open={!!open}
        onClose={() => setOpen(null)}
        title={open ? `${open.nickname} 的专属客户` : ''}
        destroyOnClose
      >
        {open ? <GuideCustomers guideId={open.memberId} /> : null}
      </Drawer>
    </Card>
  );
}

export function GuidesPage() {
  const { user } = useSession();
  const items = [{ key: 'board', label: '导购与排行', children: <Leaderboard /> }];
  if (user.role === 'admin') {
    items.push(
      { key: 'transfers', label: '客户转移', children: <GuideTransfers /> },
      { key: 'settlements', label: '提成结算', children: <GuideSettlements /> },
      {
        key: 'settings',
        label: '绑定与提成',
        children: (
          <>
            <GuideSettingsForm />
            <div style={{ height: 16 }} />
            <GuideCommissionForm />
          </>
        ),
      },
    );
  }
  return <Tabs items={items} destroyInactiveTabPane />;
}

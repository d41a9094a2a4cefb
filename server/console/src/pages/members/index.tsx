/** 会员: exact phone / card lookup or nickname search; tier, store and registration-date filters; paged by key. */
import { useEffect, useState } from 'react';
import { Card, DatePicker, Input, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import type { ConsoleMemberRow } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { Pager } from '../../components/Pager';
import { usePager } from '../../components/usePager';
import { ExportButton } from '../../components/ExportButton';
import { TIERS, time } from '../../components/format';
import { useStoreFilter } from '../../session';

export function MembersPage() {
  const storeId = useStoreFilter();
  const [q, setQ] = useState('');
  const [tier, setTier] = useState<string>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const pager = usePager();
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const { reset } = pager;
  useEffect(reset, [storeId, q, tier, from, to, reset]);
  const state = useApi(
    (signal) => call('consoleMembers', { query: { q: q || undefined, tier, storeId, from, to, after: pager.after, limit: 20 }, signal }),
    [storeId, q, tier, from, to, pager.after],
  );
  return (
    <Card title="会员" extra={<ExportButton kind="members" storeId={storeId} />}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="手机号 / 会员卡号 / 昵称" style={{ width: 280 }} onSearch={(v) => setQ(v.trim())} data-testid="member-search" />
        <Select allowClear placeholder="会员等级" style={{ width: 140 }} options={TIERS} value={tier} onChange={setTier} />
        <DatePicker.RangePicker placeholder={['注册开始', '注册结束']} value={range} onChange={(v) => setRange(v)} />
      </Space>
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <>
          <Table<ConsoleMemberRow>
            rowKey="id"
            loading={state.loading}
            dataSource={state.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: '没有符合条件的会员' }}
            columns={[
              { title: '昵称', dataIndex: 'nickname', render: (v: string, r) => <Link to={`/members/${r.id}`}>{v}</Link> },
              { title: '手机号', dataIndex: 'phone', render: (v: string | null) => v ?? '未绑定' },
              { title: '会员卡号', dataIndex: 'cardNo', render: (v: string | null) => v ?? '—' },
              { title: '等级', dataIndex: 'tierName', render: (v: string | null) => (v ? <Tag color="gold">{v}</Tag> : '—') },
              { title: '积分', dataIndex: 'pointsBalance', align: 'right' },
              { title: '常去门店', dataIndex: 'storeName', render: (v: string | null) => v ?? '—' },
              { title: '注册时间', dataIndex: 'createdAt', render: time },
            ]}
            data-testid="members-table"
          />
          <Pager pager={pager} next={state.data?.next} />
        </>
      )}
    </Card>
  );
}

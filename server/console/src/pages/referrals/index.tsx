/**
 * 合伙人: partners and applications (批准 / 驳回 with a reason) with their friends and reward totals, the rewards
 * for review (待结算 / 已结算 / 已取消), and the programme settings.
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Segmented, Space, Table, Tabs, Tag, type ButtonProps } from 'antd';
import { Link } from 'react-router-dom';
import type { ConsolePartnerRow, ConsoleRewardRow } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { applyFieldErrors } from '../../components/form-errors';
import { time, yuan } from '../../components/format';
import { ReferralSettingsForm } from './Settings';

const PARTNER: Record<string, { text: string; color: string }> = { active: { text: '合伙人', color: 'green' }, pending: { text: '待审核', color: 'orange' }, rejected: { text: '已驳回', color: 'default' } };
const REWARD: Record<string, { text: string; color: string }> = { pending: { text: '待结算', color: 'orange' }, settled: { text: '已结算', color: 'green' }, cancelled: { text: '已取消', color: 'default' } };

function Partners() {
  const { message } = App.useApp();
  const [status, setStatus] = useState<'all' | 'active' | 'pending' | 'rejected'>('all');
  const state = useApi((signal) => call('consolePartners', { query: { status: status === 'all' ? undefined : status }, signal }), [status]);
  const [rejecting, setRejecting] = useState<ConsolePartnerRow | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  async function decide(p: ConsolePartnerRow, approve: boolean, reason?: string) {
    try {
      await call('consoleDecidePartner', { params: { memberId: p.memberId }, body: { approve, reason } });
      message.success(approve ? `已批准 ${p.nickname} 成为合伙人` : '已驳回');
      setRejecting(null);
      state.reload();
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    }
  }

  return (
    <>
      <Segmented style={{ marginBottom: 16 }} value={status} onChange={(v) => setStatus(v as typeof status)} options={[{ label: '全部', value: 'all' }, { label: '待审核', value: 'pending' }, { label: '合伙人', value: 'active' }, { label: '已驳回', value: 'rejected' }]} />
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table<ConsolePartnerRow>
          rowKey="memberId"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '暂无合伙人' }}
          data-testid="partners-table"
          columns={[
            { title: '会员', dataIndex: 'nickname', render: (v: string, p) => <Link to={`/members/${p.memberId}`}>{v}</Link> },
            { title: '邀请码', dataIndex: 'code' },
            { title: '状态', dataIndex: 'status', render: (s: string, p) => <Tag color={PARTNER[s]?.color}>{PARTNER[s]?.text ?? s}{p.rejectReason ? `：${p.rejectReason}` : ''}</Tag> },
            { title: '申请时间', dataIndex: 'appliedAt', render: time },
            { title: '邀请人数', dataIndex: 'friends', align: 'right' },
            { title: '待结算', align: 'right', render: (_: unknown, p) => `${p.pendingPoints} 积分 / ${yuan(p.pendingFen)}` },
            { title: '已结算', align: 'right', render: (_: unknown, p) => `${p.settledPoints} 积分 / ${yuan(p.settledFen)}` },
            {
              title: '操作',
              render: (_: unknown, p) =>
                p.status === 'pending' && (
                  <Space>
                    <Popconfirm title={`批准 ${p.nickname} 成为合伙人？`} description="批准后对方可以分享邀请链接和海报，好友消费后产生奖励。" okText="批准" cancelText="取消" onConfirm={() => decide(p, true)} okButtonProps={{ 'data-testid': 'partner-approve-ok' } as ButtonProps}>
                      <Button size="small" type="primary" data-testid={`partner-approve-${p.memberId}`}>批准</Button>
                    </Popconfirm>
                    <Button size="small" danger onClick={() => { form.resetFields(); setRejecting(p); }} data-testid={`partner-reject-${p.memberId}`}>驳回</Button>
                  </Space>
                ),
            },
          ]}
        />
      )}
      <Modal title={`驳回 ${rejecting?.nickname ?? ''} 的合伙人申请`} open={!!rejecting} okText="驳回" okButtonProps={{ danger: true }} cancelText="取消" onCancel={() => setRejecting(null)} onOk={() => form.submit()} destroyOnClose>
        <Form form={form} layout="vertical" onFinish={(v) => rejecting && decide(rejecting, false, v.reason)}>
          <Form.Item name="reason" label="驳回原因（对方可见）" rules={[{ required: true, min: 2, message: '请填写驳回原因（至少 2 个字）' }]}>
            <Input.TextArea rows={2} maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Rewards() {
  const [s, setS] = useState<'all' | 'pending' | 'settled' | 'cancelled'>('pending');
  const state = useApi((signal) => call('consoleReferralRewards', { query: { state: s === 'all' ? undefined : s }, signal }), [s]);
  const amount = (v: number, r: ConsoleRewardRow) => (r.kind === 'cash' ? yuan(v) : `${v} 积分`);
  return (
    <>
      <Segmented style={{ marginBottom: 16 }} value={s} onChange={(v) => setS(v as typeof s)} options={[{ label: '待结算', value: 'pending' }, { label: '已结算', value: 'settled' }, { label: '已取消', value: 'cancelled' }, { label: '全部', value: 'all' }]} />
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table<ConsoleRewardRow>
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '暂无奖励' }}
          columns={[
            { title: '付款时间', dataIndex: 'orderPaidAt', render: time },
            { title: '合伙人', dataIndex: 'partnerName', render: (v: string, r) => <Link to={`/members/${r.partnerMemberId}`}>{v}</Link> },
            { title: '好友', dataIndex: 'friendName', render: (v: string, r) => <Link to={`/members/${r.friendMemberId}`}>{v}</Link> },
            { title: '级别', dataIndex: 'level', render: (l: number) => (l === 1 ? '一级' : '二级') },
            { title: '奖励', dataIndex: 'amount', align: 'right', render: amount },
            { title: '退款扣减', dataIndex: 'reduced', align: 'right', render: amount },
            { title: '结算后追回', dataIndex: 'clawedBack', align: 'right', render: amount },
            { title: '状态', dataIndex: 'state', render: (v: string) => <Tag color={REWARD[v]?.color}>{REWARD[v]?.text ?? v}</Tag> },
            { title: '结算日', dataIndex: 'settleAt', render: time },
          ]}
        />
      )}
    </>
  );
}

export function ReferralsPage() {
  return (
    <Card title="合伙人">
      <Tabs items={[{ key: 'partners', label: '合伙人与申请', children: <Partners /> }, { key: 'rewards', label: '奖励审核', children: <Rewards /> }, { key: 'settings', label: '计划设置', children: <ReferralSettingsForm /> }]} />
    </Card>
  );
}

/**
 * 积分审批: adjustments waiting for a second admin (批准 / 驳回 with a reason; your own requests cannot be approved
 * by you), the recent adjustments, and the approval threshold (saved on its revision).
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Segmented, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import { Link } from 'react-router-dom';
import type { AdjustRequestView, AdjustState } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { applyFieldErrors } from '../../components/form-errors';
import { time } from '../../components/format';
import { useSession } from '../../session';
import { ObjectAuditButton } from '../../components/ObjectAudit';

const STATE: Record<AdjustState, { text: string; color: string }> = {
  pending: { text: '待审批', color: 'orange' },
  approved: { text: '已批准', color: 'blue' },
  applied: { text: '已生效', color: 'green' },
  rejected: { text: '已驳回', color: 'default' },
  failed: { text: '未生效', color: 'red' },
};

function Threshold() {
  const { message } = App.useApp();
  const state = useApi((signal) => call('consoleAdjustSettings', { signal }), []);
  const [form] = Form.useForm<{ approvalAbove: number }>();
  async function save(v: { approvalAbove: number }) {
    try {
      await call('consolePutAdjustSettings', { body: { approvalAbove: v.approvalAbove, baseRevision: state.data?.revision ?? 0 } });
      message.success('审批门槛已保存');
      state.reload();
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    }
  }
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return null;
  return (
    <Form form={form} layout="inline" initialValues={{ approvalAbove: state.data.approvalAbove }} onFinish={save} key={state.data.revision}>
      <Form.Item name="approvalAbove" label="单次调整超过" rules={[{ required: true, message: '请填写审批门槛' }]}>
        <InputNumber min={0} precision={0} addonAfter="积分需另一位管理员审批" data-testid="adjust-threshold" />
      </Form.Item>
      <Button htmlType="submit">保存</Button>
    </Form>
  );
}

export function PointsApprovalsPage() {
  const { user } = useSession();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<AdjustState | 'all'>('pending');
  const state = useApi((signal) => call('consoleAdjustments', { query: { state: filter === 'all' ? undefined : filter }, signal }), [filter]);
  const [rejecting, setRejecting] = useState<AdjustRequestView | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  async function approve(r: AdjustRequestView) {
    try {
      const done = await call('consoleApproveAdjustment', { params: { requestId: r.id } });
      if (done.state === 'applied') message.success(`已批准，${r.memberName} 积分 ${r.amount > 0 ? '+' : ''}${r.amount}`);
      else message.error(done.failure ?? '已批准，但未生效');
    } catch (err) {
      message.error(messageOf(err));
    }
    state.reload();
  }
  async function reject(v: { reason: string }) {
    if (!rejecting) return;
    try {
      await call('consoleRejectAdjustment', { params: { requestId: rejecting.id }, body: v });
      message.success('已驳回');
      setRejecting(null);
      state.reload();
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    }
  }

  return (
    <Card
      title="积分审批"
      extra={
        <Space>
          <Threshold />
          <ObjectAuditButton subject="settings:points-adjust" />
        </Space>
      }
    >
      <Segmented
        style={{ marginBottom: 16 }}
        value={filter}
        onChange={(v) => setFilter(v as AdjustState | 'all')}
        options={[{ label: '待审批', value: 'pending' }, { label: '已生效', value: 'applied' }, { label: '已驳回', value: 'rejected' }, { label: '未生效', value: 'failed' }, { label: '全部', value: 'all' }]}
      />
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table<AdjustRequestView>
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: filter === 'pending' ? '没有待审批的积分调整' : '暂无记录' }}
          data-testid="adjust-table"
          columns={[
            { title: '申请时间', dataIndex: 'requestedAt', render: time, width: 140 },
            { title: '会员', dataIndex: 'memberName', render: (v: string, r) => <Link to={`/members/${r.memberId}`}>{v}</Link> },
            { title: '积分', dataIndex: 'amount', align: 'right', render: (a: number) => <Typography.Text type={a < 0 ? 'danger' : 'success'}>{a > 0 ? `+${a}` : a}</Typography.Text> },
            { title: '原因', dataIndex: 'reason' },
            { title: '申请人', dataIndex: 'requestedByName' },
            { title: '状态', dataIndex: 'state', render: (s: AdjustState, r) => <Tag color={STATE[s].color}>{STATE[s].text}{r.failure ? `：${r.failure}` : ''}</Tag> },
            { title: '审批', render: (_: unknown, r) => (r.decidedByName ? `${r.decidedByName} ${time(r.decidedAt)}${r.rejectReason ? `（${r.rejectReason}）` : ''}` : '—') },
            {
              title: '操作',
              width: 170,
              render: (_: unknown, r) =>
                r.state === 'pending' &&
                (r.requestedById === user.id ? (
                  <Typography.Text type="secondary">等待其他管理员审批</Typography.Text>
                ) : (
                  <Space>
                    <Popconfirm
                      title="批准这笔积分调整？"
                      description={`批准后 ${r.memberName} 的积分立即${r.amount > 0 ? '增加' : '扣减'} ${Math.abs(r.amount)}，不能撤回。`}
                      okText="批准"
                      cancelText="取消"
                      okButtonProps={{ 'data-testid': 'adjust-approve-ok' } as ButtonProps}
                      onConfirm={() => approve(r)}
                    >
                      <Button size="small" type="primary" data-testid={`adjust-approve-${r.memberId}`}>
                        批准
                      </Button>
                    </Popconfirm>
                    <Button size="small" danger onClick={() => { form.resetFields(); setRejecting(r); }}>
                      驳回
                    </Button>
                  </Space>
                )),
            },
          ]}
        />
      )}
      <Modal title="驳回积分调整" open={!!rejecting} okText="驳回" okButtonProps={{ danger: true }} cancelText="取消" onCancel={() => setRejecting(null)} onOk={() => form.submit()} destroyOnClose>
        <Typography.Paragraph>驳回后积分不变，申请人会在记录中看到驳回原因。</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={reject}>
          <Form.Item name="reason" label="驳回原因" rules={[{ required: true, min: 2, message: '请填写驳回原因（至少 2 个字）' }]}>
            <Input.TextArea rows={2} maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** 优惠券: templates (terms, claimed / stock, status) — 新建, 编辑, 暂停 / 恢复 (asks first), 批量发券, 修改记录. */
import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TemplateView } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { applyFieldErrors, toFieldPath } from '../../components/form-errors';
import { ObjectAuditButton } from '../../components/ObjectAudit';
import { CHANNEL_NAMES, TYPE_NAMES, termsOf } from './labels';
import { FIELD_OF, TEMPLATE_DEFAULTS, TemplateFields, toTemplateBody, type TemplateFormValues } from './TemplateForm';
import { IssueModal } from './IssueModal';

function EditModal({ t, onDone }: { t: TemplateView; onDone: (changed: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; totalStock: number | null; perMemberLimit: number; description: string }>();
  async function save(v: { name: string; totalStock: number | null; perMemberLimit: number; description: string }) {
    try {
      await call('consoleUpdateCouponTemplate', { params: { templateId: t.id }, body: { ...v, totalStock: v.totalStock ?? null } });
      message.success('已保存，已领取的券保持原条款');
      onDone(true);
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    }
  }
  return (
    <Modal title={`编辑：${t.name}`} open onCancel={() => onDone(false)} onOk={() => form.submit()} okText="保存">
      <Form form={form} layout="vertical" initialValues={t} onFinish={save}>
        <Form.Item name="name" label="券名称" rules={[{ required: true }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="totalStock" label="发放总量" extra={`已领取 ${t.claimed} 张；不填表示不限量`}>
          <InputNumber min={1} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="perMemberLimit" label="每人限领" rules={[{ required: true }]}>
          <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label="使用说明">
          <Input.TextArea maxLength={300} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CouponsPage() {
  const { message, modal } = App.useApp();
  const state = useApi((signal) => call('consoleCouponTemplates', { signal }), []);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<TemplateView | null>(null);
  const [issuing, setIssuing] = useState<TemplateView | null>(null);
  const [form] = Form.useForm<TemplateFormValues>();

  async function create(v: TemplateFormValues) {
    try {
      await call('consoleCreateCouponTemplate', { body: toTemplateBody(v) });
      message.success('优惠券已创建');
      setCreating(false);
      state.reload();
    } catch (err) {
      const rest = applyFieldErrors(form, err, { known: () => true });
      // API names differ from a few form names (percentOffBp → 折扣): move those errors onto the right field.
      if (err && typeof err === 'object' && 'fields' in err) {
        for (const f of (err as { fields: { path: string; message: string }[] }).fields) {
          const [head] = toFieldPath(f.path);
          if (typeof head === 'string' && FIELD_OF[head]) form.setFields([{ name: FIELD_OF[head] as keyof TemplateFormValues, errors: [f.message] }]);
        }
      }
      if (rest) message.error(rest);
    }
  }

  function toggle(t: TemplateView) {
    const pausing = t.status === 'active';
    modal.confirm({
      title: pausing ? `暂停发放「${t.name}」？` : `恢复发放「${t.name}」？`,
      content: pausing ? '暂停后顾客不能再领取，已领取的券不受影响、仍可使用。' : '恢复后顾客可以继续领取（按剩余库存和领取时间）。',
      okText: pausing ? '暂停' : '恢复',
      okButtonProps: { danger: pausing },
      onOk: async () => {
        try {
          await call('consoleUpdateCouponTemplate', { params: { templateId: t.id }, body: { status: pausing ? 'paused' : 'active' } });
          message.success(pausing ? '已暂停' : '已恢复');
          state.reload();
        } catch (err) {
          message.error(messageOf(err));
        }
      },
    });
  }

  return (
    <Card
      title="优惠券"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="tpl-create">
          新建优惠券
        </Button>
      }
    >
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table<TemplateView>
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: '还没有优惠券，点「新建优惠券」' }}
          data-testid="templates-table"
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '类型', dataIndex: 'type', width: 90, render: (v: string) => TYPE_NAMES[v] },
            { title: '优惠', render: (_: unknown, t) => termsOf(t) },
            { title: '渠道', dataIndex: 'channel', width: 100, render: (v: string) => CHANNEL_NAMES[v] },
            { title: '已领 / 总量', width: 110, render: (_: unknown, t) => `${t.claimed} / ${t.totalStock ?? '不限'}` },
            { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => (v === 'active' ? <Tag color="green">发放中</Tag> : <Tag color="orange">已暂停</Tag>) },
            {
              title: '操作',
              width: 330,
              render: (_: unknown, t) => (
                <Space size={4}>
                  <Button size="small" onClick={() => setEditing(t)}>编辑</Button>
                  <Button size="small" danger={t.status === 'active'} onClick={() => toggle(t)} data-testid={`tpl-toggle-${t.id}`}>
                    {t.status === 'active' ? '暂停' : '恢复'}
                  </Button>
                  <Button size="small" onClick={() => setIssuing(t)}>批量发券</Button>
                  <ObjectAuditButton subject={`coupon-template:${t.id}`} title="记录" />
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal title="新建优惠券" open={creating} width={820} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText="创建" destroyOnClose okButtonProps={{ 'data-testid': 'tpl-create-ok' } as never}>
        <Form form={form} layout="vertical" initialValues={TEMPLATE_DEFAULTS} onFinish={create} preserve={false}>
          <TemplateFields />
        </Form>
      </Modal>
      {editing && <EditModal t={editing} onDone={(changed) => (setEditing(null), changed && state.reload())} />}
      {issuing && <IssueModal template={issuing} onClose={() => (setIssuing(null), state.reload())} />}
    </Card>
  );
}

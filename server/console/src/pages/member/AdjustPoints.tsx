/**
 * 调整积分 on the member page (chain admins): amount (±) and reason. The key is made when the dialog opens, so a
 * double click or a retry is one adjustment; above the threshold the result is a request for a second admin.
 */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, type ButtonProps } from 'antd';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { applyFieldErrors } from '../../components/form-errors';

const newKey = () => `adj-${crypto.randomUUID()}`;

export function AdjustPoints({ memberId, nickname, onDone }: { memberId: string; nickname: string; onDone: () => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(newKey);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ amount: number; reason: string }>();
  const settings = useApi((signal) => (open ? call('consoleAdjustSettings', { signal }) : Promise.resolve(null)), [open]);
  const amount = Form.useWatch('amount', form);
  const limit = settings.data?.approvalAbove;
  const needsApproval = limit !== undefined && typeof amount === 'number' && Math.abs(amount) > limit;

  async function submit(v: { amount: number; reason: string }) {
    setSaving(true);
    try {
      const r = await call('consoleAdjustPoints', { params: { memberId }, body: v, idempotencyKey: key });
      if (r.state === 'pending') message.warning('超过审批门槛，已提交申请，需另一位管理员在「积分审批」中批准');
      else if (r.state === 'applied') message.success(`已调整 ${r.amount > 0 ? '+' : ''}${r.amount} 积分`);
      else message.error(r.failure ?? '调整未完成');
      setOpen(false);
      onDone();
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button
        onClick={() => {
          setKey(newKey());
          form.resetFields();
          setOpen(true);
        }}
        data-testid="adjust-points-open"
      >
        调整积分
      </Button>
      <Modal
        title={`调整积分：${nickname}`}
        open={open}
        okText={needsApproval ? '提交审批' : '确认调整'}
        cancelText="取消"
        confirmLoading={saving}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'adjust-points-ok' } as ButtonProps}
        destroyOnClose
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="amount" label="调整积分（负数为扣减）" rules={[{ required: true, message: '请填写调整积分' }]}>
            <InputNumber precision={0} style={{ width: 200 }} placeholder="如 500 或 -200" data-testid="adjust-amount" />
          </Form.Item>
          <Form.Item name="reason" label="原因" rules={[{ required: true, min: 2, message: '请填写原因（至少 2 个字）' }]}>
            <Input.TextArea rows={2} maxLength={100} showCount placeholder="如 活动补发、误发扣回" data-testid="adjust-reason" />
          </Form.Item>
        </Form>
        {limit !== undefined && (
          <Alert
            type={needsApproval ? 'warning' : 'info'}
            showIcon
            data-testid="adjust-hint"
            message={needsApproval ? `超过 ${limit} 积分：提交后需另一位管理员批准才会生效` : `${limit} 积分以内立即生效；超过需另一位管理员批准`}
          />
        )}
      </Modal>
    </>
  );
}

/** 测试发送: the kind's sample values to a member found by bound phone; says what was sent (sim: shown in /sim/). */
import { useState } from 'react';
import { Alert, Descriptions, Form, Input, Modal } from 'antd';
import { messageKindInfo, type MessageTemplateSetting } from '@homeclub/shared';
import type { ResponseOf } from '@homeclub/shared';
import { call } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';

type Result = ResponseOf<'consoleMessageTestSend'>;

export function TestSendModal({ kind, onClose }: { kind: MessageTemplateSetting['kind'] | null; onClose: () => void }) {
  const [form] = Form.useForm<{ phone: string }>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function send({ phone }: { phone: string }) {
    if (!kind) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await call('consoleMessageTestSend', { body: { kind, phone } }));
    } catch (err) {
      setError(applyFieldErrors(form, err));
    } finally {
      setBusy(false);
    }
  }
  const close = () => {
    setResult(null);
    setError(null);
    form.resetFields();
    onClose();
  };

  return (
    <Modal open={kind !== null} title={kind ? `测试发送：${messageKindInfo(kind).label}` : ''} okText="发送" cancelText="关闭" okButtonProps={{ 'data-testid': 'message-test-send' } as never} onOk={() => form.submit()} confirmLoading={busy} onCancel={close} destroyOnClose>
      <Form form={form} layout="vertical" onFinish={send}>
        <Form.Item name="phone" label="会员手机号" rules={[{ required: true, message: '请输入会员绑定的手机号' }]} extra="用示例内容发给绑定此手机号的会员">
          <Input placeholder="11 位手机号" maxLength={11} data-testid="message-test-phone" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
      {result && (
        <div data-testid="message-test-result">
          <Alert
            type={result.sent ? 'success' : 'warning'}
            showIcon
            message={result.sent ? (result.simulated ? '已发送（模拟环境：已代为订阅，可在模拟器 /sim/ 中查看）' : '已发送到会员的微信') : '未发送：该会员没有订阅此模板（需在小程序中点「订阅」）'}
          />
          <Descriptions size="small" column={1} style={{ marginTop: 12 }} items={[{ key: 'tpl', label: '模板 ID', children: result.templateId }, ...Object.entries(result.data).map(([k, v]) => ({ key: k, label: k, children: v.value }))]} />
        </div>
      )}
    </Modal>
  );
}

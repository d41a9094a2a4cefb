/** 绑定规则 (chain admins): permanent (only a transfer moves a customer) or protected for N days. */
import { useEffect } from 'react';
import { Alert, Button, Card, Form, InputNumber, Radio, message } from 'antd';
import type { GuideSettings } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';

export function GuideSettingsForm() {
  const [form] = Form.useForm<GuideSettings>();
  const state = useApi((signal) => call('consoleGuideSettings', { signal }), []);
  useEffect(() => {
    if (state.data) form.setFieldsValue(state.data);
  }, [state.data, form]);
  const mode = Form.useWatch('mode', form);
  const save = async (v: GuideSettings) => {
    try {
      form.setFieldsValue(await call('consolePutGuideSettings', { body: v }));
      void message.success('绑定规则已保存');
    } catch (err) {
      void message.error(messageOf(err));
    }
  };
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  return (
    <Card title="绑定规则" loading={state.loading}>
      <Alert
        style={{ marginBottom: 16 }}
        type="info"
        showIcon
        message="顾客打开导购名片/海报、导购为其签到预约或收银开单时，如尚无专属导购即绑定。每位顾客在连锁内只有一位专属导购。"
      />
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="guide-settings-form">
        <Form.Item name="mode" label="绑定方式" rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="permanent">永久绑定（仅管理员转移可变更）</Radio>
            <Radio value="protected">保护期绑定（保护期满后其他导购可重新绑定）</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="protectDays" label="保护期（天）" rules={[{ required: true }]}>
          <InputNumber min={1} max={365} disabled={mode === 'permanent'} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          保存
        </Button>
      </Form>
    </Card>
  );
}

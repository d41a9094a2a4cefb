/**
 * 提成规则 (chain admins): off by default; a share of the cash paid in basis points
 * (rounded down to the fen), chain-wide or per store, and the refund window before a
 * commission can be settled. Saved on the loaded revision (another admin's save first →
 * the conflict, nothing overwritten).
 */
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Switch } from 'antd';
import type { CommissionSettings } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { showConflict } from '../../components/conflict';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';

const percent = (bp: number | null | undefined) => `${((bp ?? 0) / 100).toFixed(2)}%`;

export function GuideCommissionForm() {
  const { message, modal } = App.useApp();
  const state = useApi((signal) => call('consoleGuideCommission', { signal }), []);
  const stores = useApi((signal) => call('consoleStores', { signal }), []);
  const [form] = Form.useForm<CommissionSettings>();
  const bp = Form.useWatch('bp', form);
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Card title="提成规则" loading />;
  const { settings, revision } = state.data;

  async function save(v: CommissionSettings) {
    try {
      await call('consolePutGuideCommission', { body: { baseRevision: revision, settings: { ...v, stores: v.stores ?? [] } } });
      message.success('提成规则已保存');
      state.reload();
    } catch (err) {
      if (!showConflict(modal, err, state.reload, '规则')) message.error(messageOf(err));
    }
  }

  return (
    <Card title="提成规则">
      <Alert
        style={{ marginBottom: 16 }}
        type="info"
        showIcon
        message="提成按订单实付金额计提给支付时的专属导购（不足 1 分的部分舍去）；退款期内退款按比例扣减，退款期结束后计入当月结算、次月初结算；结算后的退款在下期结算中追回。"
      />
      <Form form={form} layout="vertical" initialValues={settings} onFinish={(v) => void save(v)} key={revision} data-testid="guide-commission-form">
        <Form.Item name="active" label="开启导购提成" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Space wrap>
          <Form.Item name="bp" label={`全连锁提成比例（万分比，当前 ${percent(bp)}）`} rules={[{ required: true }]}>
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
          <Form.Item name="refundWindowDays" label="退款期（支付后天数）" rules={[{ required: true }]}>
            <InputNumber min={0} max={90} precision={0} />
          </Form.Item>
        </Space>
        <Form.List name="stores">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'storeId']} label="门店" rules={[{ required: true, message: '请选择门店' }]}>
                    <Select
                      style={{ width: 220 }}
                      options={(stores.data?.items ?? []).map((s) => ({ label: s.name, value: s.id }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'bp']} label="本店提成比例（万分比）" rules={[{ required: true }]}>
                    <InputNumber min={0} max={10000} precision={0} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Form.Item>
                <Button onClick={() => add({ bp: settings.bp })}>添加门店单独比例</Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Button type="primary" htmlType="submit" data-testid="commission-save">
          保存
        </Button>
      </Form>
    </Card>
  );
}

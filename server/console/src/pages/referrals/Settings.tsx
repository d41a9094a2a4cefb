/** 合伙人计划设置: saved on the loaded revision (another admin's save first → the conflict, nothing overwritten). */
import { App, Button, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import type { ReferralSettings } from '@homeclub/shared';
import { ApiError, call, messageOf } from '../../api/client';
import { showConflict } from '../../components/conflict';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { applyFieldErrors } from '../../components/form-errors';
import { ObjectAuditButton } from '../../components/ObjectAudit';

export function ReferralSettingsForm() {
  const { message, modal } = App.useApp();
  const state = useApi((signal) => call('consoleReferralSettings', { signal }), []);
  const [form] = Form.useForm<ReferralSettings>();
  const kind = Form.useWatch('rewardKind', form);
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return null;
  const { settings, revision } = state.data;

  async function save(v: ReferralSettings) {
    try {
      await call('consolePutReferralSettings', { body: { baseRevision: revision, settings: { ...settings, ...v, level2: settings.level2 && v.level2 ? v.level2 : settings.level2 } } });
      message.success('合伙人计划已保存');
      state.reload();
    } catch (err) {
      if (!showConflict(modal, err, state.reload, '设置')) {
        const rest = applyFieldErrors(form, err, { prefix: 'body' });
        const placed = err instanceof ApiError ? err.fields.filter((f) => f.path.startsWith('body.settings.')).map((f) => ({ name: f.path.split('.').slice(2), errors: [f.message] })) : [];
        if (placed.length) form.setFields(placed as never);
        else message.error(rest ?? messageOf(err));
      }
    }
  }

  const unit = kind === 'cash' ? '分' : '积分';
  return (
    <Form form={form} layout="vertical" initialValues={settings} onFinish={save} key={revision} style={{ maxWidth: 720 }} data-testid="referral-settings">
      <Form.Item name="active" label="开启合伙人计划" valuePropName="checked"><Switch /></Form.Item>
      <Form.Item name="eligibility" label="谁可以成为合伙人">
        <Radio.Group options={[{ label: '所有会员', value: 'any' }, { label: '指定等级及以上', value: 'tier' }, { label: '申请后由管理员审核', value: 'application' }]} />
      </Form.Item>
      <Form.Item name="minTierCode" label="最低等级代码（按等级时）"><Input placeholder="如 gold" /></Form.Item>
      <Space>
        <Form.Item name="termsVersion" label="协议版本" rules={[{ required: true }]}><Input style={{ width: 160 }} /></Form.Item>
      </Space>
      <Form.Item name="termsText" label="合伙人协议" rules={[{ required: true }]}><Input.TextArea rows={4} /></Form.Item>
      <Form.Item name="rewardKind" label="奖励方式"><Radio.Group options={[{ label: '积分', value: 'points' }, { label: '现金佣金', value: 'cash' }]} /></Form.Item>
      <Form.Item name="mode" label="奖励哪些订单">
        <Select style={{ width: 280 }} options={[{ label: '好友首单', value: 'first_order' }, { label: '绑定后 N 天内的每一单', value: 'orders_within_days' }]} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="withinDays" label="N 天"><InputNumber min={1} max={365} precision={0} /></Form.Item>
        <Form.Item name={['level1', 'fixed']} label={`一级：每单固定（${unit}）`}><InputNumber min={0} precision={0} /></Form.Item>
        <Form.Item name={['level1', 'bp']} label="一级：实付比例（万分比）"><InputNumber min={0} max={5000} precision={0} /></Form.Item>
        {settings.level2 && <Form.Item name={['level2', 'fixed']} label={`二级：每单固定（${unit}）`}><InputNumber min={0} precision={0} /></Form.Item>}
        {settings.level2 && <Form.Item name={['level2', 'bp']} label="二级：实付比例（万分比）"><InputNumber min={0} max={5000} precision={0} /></Form.Item>}
      </Space>
      <Space wrap>
        <Form.Item name="refundWindowDays" label="退款期（天后结算）"><InputNumber min={0} max={90} precision={0} /></Form.Item>
        <Form.Item name="dailyBindingCap" label="每人每天最多绑定"><InputNumber min={1} precision={0} /></Form.Item>
        <Form.Item name="leadProtectDays" label="报备保护天数"><InputNumber min={1} max={180} precision={0} /></Form.Item>
      </Space>
      <Space>
        <Button type="primary" htmlType="submit" data-testid="referral-settings-save">保存（版本 {revision}）</Button>
        <ObjectAuditButton subject="settings:referrals" />
      </Space>
    </Form>
  );
}

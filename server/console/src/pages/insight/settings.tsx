/**
 * 洞察设置: what the nightly scoring and the campaigns run on — the RFM window and whether a booking counts as
 * recent activity, the lifecycle thresholds (新客, 沉睡, 流失, 回流), the monthly contact cap per member and the
 * quiet hours (Asia/Shanghai). Saved on the loaded revision: a second admin's save is a clear conflict.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import type { InsightSettingsView } from '@homeclub/shared';
import { ApiError, call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { toFieldPath } from '../../components/form-errors';
import { showConflict } from '../../components/conflict';
import { ObjectAuditButton } from '../../components/ObjectAudit';

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** 「21:00 至次日 09:00」; equal hours: none. */
export function quietHoursText(q: { start: number; end: number }): string {
  if (q.start === q.end) return '不设免打扰时段，活动随时发放';
  return `${hh(q.start)} 至${q.start > q.end ? '次日 ' : ''}${hh(q.end)}（北京时间）不发放，顺延到结束时`;
}

function Editor({ settings, revision, reload }: { settings: InsightSettingsView; revision: number; reload: () => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<InsightSettingsView>();
  const [busy, setBusy] = useState(false);
  const quiet = Form.useWatch('quietHours', form) ?? settings.quietHours;

  async function save(v: InsightSettingsView) {
    setBusy(true);
    try {
      await call('consolePutInsightSettings', { body: { settings: v, baseRevision: revision } });
      message.success('洞察设置已保存');
      reload();
    } catch (err) {
      if (!showConflict(modal, err, reload, '洞察设置')) {
        // the server names a field body.settings.thresholds.sleepDays; the form's is thresholds.sleepDays
        if (err instanceof ApiError && err.fields.length) {
          form.setFields(err.fields.map((f) => ({ name: toFieldPath(f.path).slice(1) as never, errors: [f.message] })));
        }
        message.error(messageOf(err));
      }
    } finally {
      setBusy(false);
    }
  }

  const days = (name: keyof InsightSettingsView['thresholds'], label: string, extra: string, testId: string) => (
    <Col span={6}>
      <Form.Item name={['thresholds', name]} label={label} extra={extra} rules={[{ required: true, message: `请填写${label}` }]}>
        <InputNumber min={1} max={3650} precision={0} addonAfter="天" style={{ width: '100%' }} data-testid={testId} />
      </Form.Item>
    </Col>
  );

  return (
    <Form form={form} layout="vertical" initialValues={settings} onFinish={save} data-testid="insight-settings-form">
      <Typography.Title level={5}>RFM 评分</Typography.Title>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name="windowDays" label="统计窗口" extra="F（消费次数）与 M（消费金额）按最近这些天的订单计算" rules={[{ required: true, message: '请填写统计窗口' }]}>
            <InputNumber min={1} max={3650} precision={0} addonAfter="天" style={{ width: '100%' }} data-testid="insight-window-days" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="recencyCountsBookings" label="到店预约计入最近消费（R）" valuePropName="checked" extra="家居成交周期长：到店咨询、上门量尺也算一次近期互动">
            <Switch checkedChildren="计入" unCheckedChildren="不计入" />
          </Form.Item>
        </Col>
      </Row>

      <Typography.Title level={5}>生命周期阶段</Typography.Title>
      <Row gutter={16}>
        {days('newDays', '新客期', '首次消费后这些天内为新客', 'insight-new-days')}
        {days('sleepDays', '沉睡天数', '这些天没有消费或到店，进入沉睡', 'insight-sleep-days')}
        <Col span={6}>
          <Form.Item
            name={['thresholds', 'lostDays']}
            label="流失天数"
            extra="这些天没有消费或到店，进入流失"
            dependencies={[['thresholds', 'sleepDays']]}
            rules={[
              { required: true, message: '请填写流失天数' },
              ({ getFieldValue }) => ({
                validator: (_, v: number | null) =>
                  v == null || v > Number(getFieldValue(['thresholds', 'sleepDays'])) ? Promise.resolve() : Promise.reject(new Error('流失天数必须大于沉睡天数')),
              }),
            ]}
          >
            <InputNumber min={1} max={3650} precision={0} addonAfter="天" style={{ width: '100%' }} data-testid="insight-lost-days" />
          </Form.Item>
        </Col>
        {days('returnDays', '回流期', '从沉睡或流失回来后，这些天内为回流，之后为活跃', 'insight-return-days')}
      </Row>

      <Typography.Title level={5}>营销触达</Typography.Title>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name="monthlyCap" label="每位会员每月最多" extra="所有活动合计；超过的本月不再发放" rules={[{ required: true, message: '请填写每月上限' }]}>
            <InputNumber min={1} max={100} precision={0} addonAfter="次" style={{ width: '100%' }} data-testid="insight-monthly-cap" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="免打扰时段" extra={<span data-testid="insight-quiet-text">{quietHoursText(quiet)}</span>}>
            <Space>
              <Form.Item name={['quietHours', 'start']} noStyle>
                <Select options={HOURS} virtual={false} style={{ width: 100 }} data-testid="insight-quiet-start" />
              </Form.Item>
              <span>至</span>
              <Form.Item name={['quietHours', 'end']} noStyle>
                <Select options={HOURS} virtual={false} style={{ width: 100 }} data-testid="insight-quiet-end" />
              </Form.Item>
            </Space>
          </Form.Item>
        </Col>
      </Row>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message="阶段与 RFM 在每晚评分时按新设置计算；要马上看到变化，可在「RFM 分析」点「立即计算」。频控与免打扰对之后的每次活动发放生效。" />
      <Button type="primary" htmlType="submit" loading={busy} data-testid="insight-settings-save">
        保存（版本 {revision}）
      </Button>
    </Form>
  );
}

export function InsightSettingsPage() {
  const state = useApi((signal) => call('consoleInsightSettings', { signal }), []);
  return (
    <Card title="洞察设置" extra={<ObjectAuditButton subject="settings:insight" />}>
      <Loadable state={state}>{(d) => <Editor key={d.revision} settings={d.settings} revision={d.revision} reload={state.reload} />}</Loadable>
    </Card>
  );
}

/**
 * 会员设置: tiers (name, growth threshold, points multiplier, birthday points, booking priority, card colour),
 * growth and points rules, expiry, annual review. 预览等级人数 counts members per proposed tier before saving;
 * the save carries the loaded revision, so a second admin's save on the same revision is a clear conflict.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, ColorPicker, Form, Input, InputNumber, Row, Space, Switch, Table } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { MembershipSettings, TierPreviewResponse } from '@homeclub/shared';
import { ApiError, call, messageOf } from '../../api/client';
import { showConflict } from '../../components/conflict';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { applyFieldErrors } from '../../components/form-errors';
import { ObjectAuditButton } from '../../components/ObjectAudit';

interface TierRow {
  code: string;
  name: string;
  threshold: number;
  /** percent, 120 = 1.2× (sent as basis points) */
  multiplierPct: number;
  birthdayPoints: number;
  bookingPriority: boolean;
  color: string;
  birthdayCouponTemplateId: string | null;
}
type Values = Omit<MembershipSettings, 'tiers' | 'checkout' | 'booking'> & { tiers: TierRow[] };

function Editor({ revision, settings, reload }: { revision: number; settings: MembershipSettings; reload: () => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [preview, setPreview] = useState<TierPreviewResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const initial: Values = {
    ...settings,
    tiers: settings.tiers.map((t) => ({ ...t, multiplierPct: t.pointsMultiplierBp / 100 })),
  };

  async function runPreview() {
    const tiers = ((form.getFieldValue('tiers') ?? []) as TierRow[]).filter((t) => t?.code);
    try {
      setPreview(await call('consoleTierPreview', { body: { tiers: tiers.map((t) => ({ code: t.code, name: t.name ?? '', threshold: Number(t.threshold) || 0 })) } }));
    } catch (err) {
      message.error(messageOf(err));
    }
  }

  async function save(v: Values) {
    setBusy(true);
    try {
      const { tiers, ...rest } = v;
      await call('consoleSaveMembershipSettings', {
        body: {
          baseRevision: revision,
          settings: {
            ...rest,
            checkout: settings.checkout,
            booking: settings.booking,
            tiers: tiers.map(({ multiplierPct, ...t }) => ({ ...t, pointsMultiplierBp: Math.round(multiplierPct * 100) })),
          },
        },
      });
      message.success('会员设置已保存');
      reload();
    } catch (err) {
      if (!showConflict(modal, err, reload, '设置')) {
        const rest = applyFieldErrors(form, err, { prefix: 'body', known: () => false });
        const placed = err instanceof ApiError ? err.fields.map((f) => ({ name: f.path.split('.').slice(2).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [f.message] })) : [];
        if (placed.length) form.setFields(placed as never);
        message.error(rest ?? messageOf(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={save} data-testid="membership-form">
      <Form.List name="tiers">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8} align="middle">
                <Col span={3}><Form.Item name={[f.name, 'code']} label="代码" rules={[{ required: true }]}><Input /></Form.Item></Col>
                <Col span={3}><Form.Item name={[f.name, 'name']} label="等级名称" rules={[{ required: true }]}><Input /></Form.Item></Col>
                <Col span={4}><Form.Item name={[f.name, 'threshold']} label="所需成长值" rules={[{ required: true }]}><InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={`tier-${f.name}-threshold`} /></Form.Item></Col>
                <Col span={3}><Form.Item name={[f.name, 'multiplierPct']} label="积分倍数" rules={[{ required: true }]}><InputNumber min={0} precision={0} addonAfter="%" style={{ width: '100%' }} /></Form.Item></Col>
                <Col span={3}><Form.Item name={[f.name, 'birthdayPoints']} label="生日积分"><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
                <Col span={3}><Form.Item name={[f.name, 'bookingPriority']} label="预约优先" valuePropName="checked"><Switch /></Form.Item></Col>
                <Col span={3}>
                  <Form.Item name={[f.name, 'color']} label="卡面颜色" getValueFromEvent={(c: { toHexString: () => string }) => c.toHexString()}>
                    <ColorPicker showText disabledAlpha />
                  </Form.Item>
                </Col>
                <Col span={2}><MinusCircleOutlined onClick={() => remove(f.name)} /></Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', threshold: 0, multiplierPct: 100, birthdayPoints: 0, bookingPriority: false, color: '#8c8c8c', birthdayCouponTemplateId: null })} style={{ marginBottom: 16 }}>
              添加等级
            </Button>
          </>
        )}
      </Form.List>
      <Row gutter={16}>
        <Col span={6}><Form.Item name="growthPerYuan" label="每消费 1 元成长值" rules={[{ required: true }]}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={6}><Form.Item name="signupBonusPoints" label="注册赠送积分" rules={[{ required: true }]}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={6}><Form.Item name="pointsExpiryYears" label="积分有效期" extra="获得后第 N 年年底过期" rules={[{ required: true }]}><InputNumber min={0} max={10} precision={0} addonAfter="年" style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={6}><Form.Item name="reviewMonthDay" label="年度等级评定日" extra="MM-DD；降级只在此日生效" rules={[{ required: true, pattern: /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, message: '格式 MM-DD，如 01-01' }]}><Input /></Form.Item></Col>
      </Row>
      <Space>
        <Button onClick={() => void runPreview()} data-testid="tier-preview">预览等级人数</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="membership-save">保存（版本 {revision}）</Button>
      </Space>
      {preview && (
        <Card size="small" title={`预览：共 ${preview.total} 位会员`} style={{ marginTop: 16 }} data-testid="tier-preview-result">
          {preview.below > 0 && <Alert type="warning" showIcon message={`${preview.below} 位会员的成长值低于最低等级门槛`} style={{ marginBottom: 8 }} />}
          <Table size="small" rowKey="code" pagination={false} dataSource={preview.rows} columns={[
            { title: '等级', dataIndex: 'name' },
            { title: '门槛', dataIndex: 'threshold' },
            { title: '当前人数', dataIndex: 'current' },
            { title: '按新门槛', dataIndex: 'projected' },
          ]} />
          <Alert type="info" message="升级在保存后随下一次成长值变化生效；降级只在年度评定日生效。" style={{ marginTop: 8 }} />
        </Card>
      )}
    </Form>
  );
}

export function MembershipSettingsPage() {
  const state = useApi((signal) => call('consoleMembershipSettings', { signal }), []);
  return (
    <Card title="会员设置" extra={<ObjectAuditButton subject="settings:membership" />}>
      <Loadable state={state}>{(d) => <Editor key={d.revision} revision={d.revision} settings={d.settings} reload={state.reload} />}</Loadable>
    </Card>
  );
}

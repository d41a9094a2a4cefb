/** 预约服务: 设计咨询 / 到店体验 / 上门量尺 per store — duration, places per slot, deposit, lead time, cut-off. */
import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Switch } from 'antd';
import { BOOKING_KIND_NAMES, type BookingKind, type ConsoleStoreDetail, type ServiceInput } from '@homeclub/shared';
import { call } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';
import { FenInput, fenRule } from '../../components/money-input';

const KINDS: BookingKind[] = ['design', 'visit', 'measure'];
const DEFAULTS: Required<Omit<ServiceInput, 'name'>> = {
  description: '',
  durationMin: 60,
  intervalMin: 60,
  capacity: 2,
  horizonDays: 14,
  leadMinutes: 120,
  cutoffMinutes: 120,
  depositFen: 0,
  keepDepositOnNoShow: true,
  attendPoints: 0,
  noShowGraceMin: 30,
  active: true,
};

function ServiceForm({ storeId, kind, current, onSaved }: { storeId: string; kind: BookingKind; current?: ServiceInput; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ServiceInput>();
  const [saving, setSaving] = useState(false);
  async function save(v: ServiceInput) {
    setSaving(true);
    try {
      await call('consolePutStoreService', { params: { storeId, kind }, body: { ...v, name: v.name || undefined } });
      message.success(`${BOOKING_KIND_NAMES[kind]}已保存`);
      onSaved();
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  }
  const num = (name: keyof ServiceInput, label: string, unit: string, min = 0) => (
    <Col span={8}>
      <Form.Item name={name} label={label} rules={[{ required: true, message: `请填写${label}` }]}>
        <InputNumber min={min} precision={0} addonAfter={unit} style={{ width: '100%' }} data-testid={`service-${kind}-${name}`} />
      </Form.Item>
    </Col>
  );
  return (
    <Card
      size="small"
      title={current ? BOOKING_KIND_NAMES[kind] : `${BOOKING_KIND_NAMES[kind]}（未开通）`}
      style={{ marginBottom: 16 }}
      data-testid={`service-${kind}`}
    >
      <Form form={form} layout="vertical" initialValues={{ ...DEFAULTS, ...current }} onFinish={save}>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="name" label="显示名称">
              <Input placeholder={BOOKING_KIND_NAMES[kind]} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="description" label="说明">
              <Input placeholder="顾客在预约页看到的说明" />
            </Form.Item>
          </Col>
          {num('durationMin', '服务时长', '分钟', 10)}
          {num('intervalMin', '时段间隔', '分钟', 10)}
          {num('capacity', '每时段名额', '人', 1)}
          {num('horizonDays', '可预约天数', '天', 1)}
          {num('leadMinutes', '至少提前', '分钟')}
          {num('cutoffMinutes', '改约/取消截止', '分钟前')}
          <Col span={8}>
            <Form.Item name="depositFen" label="定金" rules={[fenRule(true, '定金')]} extra="0 表示不收定金">
              <FenInput testId={`service-${kind}-deposit`} />
            </Form.Item>
          </Col>
          {num('attendPoints', '到店奖励积分', '分')}
          {num('noShowGraceMin', '爽约判定宽限', '分钟')}
          <Col span={8}>
            <Form.Item name="keepDepositOnNoShow" label="爽约扣定金" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="active" label="开放预约" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={saving} data-testid={`service-${kind}-save`}>
          {current ? '保存' : '开通并保存'}
        </Button>
      </Form>
    </Card>
  );
}

export function ServicesPanel({ detail, onSaved }: { detail: ConsoleStoreDetail; onSaved: () => void }) {
  return (
    <>
      {KINDS.map((k) => (
        <ServiceForm key={k} storeId={detail.store.id} kind={k} current={detail.allServices.find((s) => s.kind === k)} onSaved={onSaved} />
      ))}
    </>
  );
}

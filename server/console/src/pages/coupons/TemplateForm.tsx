/** 新建优惠券: type-specific terms, scope (stores, tiers), stock and per-member limit, claim window, validity, channel. */
import { Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import type { BodyOf } from '@homeclub/shared';
import { FenInput, fenRule } from '../../components/money-input';
import { TIERS } from '../../components/format';
import { instantOf } from '../../components/shanghai';
import { useSession } from '../../session';
import { CHANNEL_NAMES, TYPE_NAMES } from './labels';

export interface TemplateFormValues {
  name: string;
  type: 'full_reduction' | 'discount' | 'no_threshold' | 'exchange';
  amountOffFen?: number | null;
  thresholdFen?: number | null;
  /** 折, e.g. 8.5 */
  zhe?: number | null;
  maxDiscountFen?: number | null;
  exchangeItem?: string;
  storeIds?: string[];
  tiers?: string[];
  perMemberLimit: number;
  totalStock?: number | null;
  claimWindow?: [Dayjs | null, Dayjs | null] | null;
  validityMode: 'relative' | 'fixed';
  validDays?: number;
  validRange?: [Dayjs, Dayjs];
  channel: string;
  pointsCost?: number | null;
  allowPoints: boolean;
  refundReturn: boolean;
  description?: string;
}

export const TEMPLATE_DEFAULTS: Partial<TemplateFormValues> = {
  type: 'full_reduction',
  perMemberLimit: 1,
  validityMode: 'relative',
  validDays: 30,
  channel: 'claim_center',
  allowPoints: true,
  refundReturn: true,
};

/** Form values → the API body (8.5 折 → 1500 basis points off; amounts already in fen). */
export function toTemplateBody(v: TemplateFormValues): BodyOf<'consoleCreateCouponTemplate'> {
  const zhe10 = v.zhe == null ? null : Math.round(v.zhe * 10);
  return {
    name: v.name,
    type: v.type,
    amountOffFen: v.type === 'full_reduction' || v.type === 'no_threshold' ? (v.amountOffFen ?? null) : null,
    thresholdFen: v.type === 'no_threshold' || v.type === 'exchange' ? 0 : (v.thresholdFen ?? 0),
    percentOffBp: v.type === 'discount' && zhe10 !== null ? (100 - zhe10) * 100 : null,
    maxDiscountFen: v.type === 'discount' ? (v.maxDiscountFen ?? null) : null,
    exchangeItem: v.type === 'exchange' ? (v.exchangeItem ?? null) : null,
    storeIds: v.storeIds ?? [],
    tiers: v.tiers ?? [],
    perMemberLimit: v.perMemberLimit,
    totalStock: v.totalStock ?? null,
    // the pickers hold Shanghai wall time (components/shanghai.ts), whatever the browser's zone
    claimFrom: v.claimWindow?.[0] ? instantOf(v.claimWindow[0]) : null,
    claimTo: v.claimWindow?.[1] ? instantOf(v.claimWindow[1]) : null,
    validity: v.validityMode === 'fixed' && v.validRange ? { mode: 'fixed', from: instantOf(v.validRange[0]), to: instantOf(v.validRange[1]) } : { mode: 'relative', days: v.validDays ?? 30 },
    channel: v.channel as BodyOf<'consoleCreateCouponTemplate'>['channel'],
    pointsCost: v.channel === 'points_exchange' ? (v.pointsCost ?? null) : null,
    allowPoints: v.allowPoints,
    refundReturn: v.refundReturn,
    description: v.description ?? '',
  };
}

/** API field → form field, for server errors shown at the field. */
export const FIELD_OF: Record<string, string> = { percentOffBp: 'zhe', claimFrom: 'claimWindow', claimTo: 'claimWindow', validity: 'validRange' };

export function TemplateFields() {
  const { stores } = useSession();
  const type = Form.useWatch<TemplateFormValues['type']>('type');
  const mode = Form.useWatch<string>('validityMode');
  const channel = Form.useWatch<string>('channel');
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Form.Item name="name" label="券名称" rules={[{ required: true, message: '请填写券名称' }]}>
          <Input maxLength={30} placeholder="如 满300减50" data-testid="tpl-name" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="channel" label="发放渠道" rules={[{ required: true }]}>
          <Select options={Object.entries(CHANNEL_NAMES).map(([value, label]) => ({ value, label }))} data-testid="tpl-channel" />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="type" label="券类型">
          <Radio.Group optionType="button" options={Object.entries(TYPE_NAMES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Col>
      {(type === 'full_reduction' || type === 'discount') && (
        <Col span={8}>
          <Form.Item name="thresholdFen" label="使用门槛（满）" rules={[fenRule(type === 'full_reduction', '门槛金额')]}>
            <FenInput testId="tpl-threshold" placeholder={type === 'discount' ? '不填表示无门槛' : ''} />
          </Form.Item>
        </Col>
      )}
      {(type === 'full_reduction' || type === 'no_threshold') && (
        <Col span={8}>
          <Form.Item name="amountOffFen" label="减免金额" rules={[fenRule(true, '减免金额')]}>
            <FenInput testId="tpl-amount" />
          </Form.Item>
        </Col>
      )}
      {type === 'discount' && (
        <>
          <Col span={8}>
            <Form.Item name="zhe" label="折扣（折）" rules={[{ required: true, message: '请填写折扣' }]}>
              <InputNumber min={0.1} max={9.9} step={0.5} precision={1} addonAfter="折" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="maxDiscountFen" label="最高优惠" rules={[fenRule(true, '最高优惠金额')]}>
              <FenInput />
            </Form.Item>
          </Col>
        </>
      )}
      {type === 'exchange' && (
        <Col span={16}>
          <Form.Item name="exchangeItem" label="兑换内容" rules={[{ required: true, message: '请填写兑换内容' }]}>
            <Input placeholder="如 上门量尺服务一次" />
          </Form.Item>
        </Col>
      )}
      <Col span={12}>
        <Form.Item name="storeIds" label="适用门店" extra="不选表示全部门店">
          <Select mode="multiple" allowClear placeholder="全部门店" options={stores.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="tiers" label="可领等级" extra="不选表示所有会员">
          <Select mode="multiple" allowClear placeholder="所有会员" options={TIERS} />
        </Form.Item>
      </Col>
      <Col span={8}>
        <Form.Item name="totalStock" label="发放总量" extra="不填表示不限量">
          <InputNumber min={1} precision={0} style={{ width: '100%' }} addonAfter="张" data-testid="tpl-stock" />
        </Form.Item>
      </Col>
      <Col span={8}>
        <Form.Item name="perMemberLimit" label="每人限领" rules={[{ required: true }]}>
          <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} addonAfter="张" />
        </Form.Item>
      </Col>
      {channel === 'points_exchange' && (
        <Col span={8}>
          <Form.Item name="pointsCost" label="兑换所需积分" rules={[{ required: true, message: '请填写积分' }]}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      )}
      <Col span={24}>
        <Form.Item name="claimWindow" label="领取时间" extra="不填表示随时可领">
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
        </Form.Item>
      </Col>
      <Col span={8}>
        <Form.Item name="validityMode" label="有效期">
          <Radio.Group options={[{ value: 'relative', label: '领取后 N 天' }, { value: 'fixed', label: '固定日期' }]} />
        </Form.Item>
      </Col>
      <Col span={16}>
        {mode === 'fixed' ? (
          <Form.Item name="validRange" label="有效期范围" rules={[{ required: true, message: '请选择有效期' }]}>
            <DatePicker.RangePicker showTime />
          </Form.Item>
        ) : (
          <Form.Item name="validDays" label="领取后有效天数" rules={[{ required: true, message: '请填写天数' }]}>
            <InputNumber min={1} max={3650} precision={0} addonAfter="天" />
          </Form.Item>
        )}
      </Col>
      <Col span={8}>
        <Form.Item name="allowPoints" label="可与积分同用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
      <Col span={8}>
        <Form.Item name="refundReturn" label="全额退款退回券" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="description" label="使用说明">
          <Input.TextArea maxLength={300} rows={2} />
        </Form.Item>
      </Col>
    </Row>
  );
}

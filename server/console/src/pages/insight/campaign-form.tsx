/**
 * 新建营销活动: audience (a segment), action (a campaign coupon, points or a
 * subscribe message), schedule (once, monthly 会员日, or a trigger), holdout
 * share, budget and the popup title. Server field errors land on their field.
 */
import { Link } from 'react-router-dom';
import { useEffect, useState } from 'react';
import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Radio, Select, Slider, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { instantOf } from '../../components/shanghai';
import type { CampaignInput } from '@homeclub/shared';
import { ApiError, call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { STAGES } from './labels';
import { PhotoUpload } from '../stores/PhotoUpload';
import { LinkFields } from '../content/LinkFields';
import { toLink, type LinkValues } from '../content/form-values';

type Values = {
  name: string;
  segmentId: string;
  actionKind: 'coupon' | 'points' | 'message' | 'banner';
  bannerTitle?: string;
  bannerImage?: string[];
  bannerDays?: number;
  bannerLink?: LinkValues;
  templateId?: string;
  points?: number;
  messageTemplateId?: string;
  messagePage?: string;
  messageTitle?: string;
  scheduleKind: 'once' | 'monthly' | 'trigger';
  at?: Dayjs;
  day?: number;
  hour?: number;
  trigger?: 'stage' | 'segment' | 'attended_no_purchase' | 'birthday' | 'coupon_expiring';
  stage?: string;
  triggerDays?: number;
  holdoutPct: number;
  maxGifts?: number | null;
  maxPoints?: number | null;
  giftTitle: string;
};

function toInput(v: Values): CampaignInput {
  const action: CampaignInput['action'] =
    v.actionKind === 'coupon'
      ? { kind: 'coupon', templateId: v.templateId ?? '' }
      : v.actionKind === 'points'
        ? { kind: 'points', amount: v.points ?? 0 }
        : v.actionKind === 'banner'
          ? { kind: 'banner', title: v.bannerTitle ?? '', image: v.bannerImage?.[0] ?? '', link: toLink(v.bannerLink ?? { linkKind: 'none' }), days: v.bannerDays ?? 7 }
          : { kind: 'message', templateId: v.messageTemplateId ?? '', page: v.messagePage ?? '', title: v.messageTitle ?? '' };
  const on =
    v.trigger === 'stage'
      ? { kind: 'stage' as const, stage: (v.stage ?? '沉睡') as never }
      : v.trigger === 'birthday' || v.trigger === 'segment'
        ? { kind: v.trigger }
        : { kind: v.trigger ?? 'attended_no_purchase', days: v.triggerDays ?? 3 };
  const schedule: CampaignInput['schedule'] =
    v.scheduleKind === 'once'
      ? { kind: 'once', at: v.at ? instantOf(v.at) : new Date().toISOString() }
      : v.scheduleKind === 'monthly'
        ? { kind: 'monthly', day: v.day ?? 26, hour: v.hour ?? 10 }
        : { kind: 'trigger', on: on as never };
  return { name: v.name, segmentId: v.segmentId, action, schedule, holdoutShare: v.holdoutPct / 100, budget: { maxGifts: v.maxGifts ?? null, maxPoints: v.maxPoints ?? null }, giftTitle: v.giftTitle, measureDays: 30 };
}

/** body.action.templateId → the form field it came from */
const FIELD_OF: Record<string, keyof Values> = { name: 'name', segmentId: 'segmentId', 'action.templateId': 'templateId', 'action.amount': 'points', 'action.title': 'bannerTitle', 'action.image': 'bannerImage', 'action.days': 'bannerDays', giftTitle: 'giftTitle', holdoutShare: 'holdoutPct' };

export function CampaignForm({ open, segmentId, onClose, onSaved }: { open: boolean; segmentId?: string; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const segments = useApi((signal) => (open ? call('consoleSegments', { signal }) : Promise.resolve({ items: [] })), [open]);
  const templates = useApi((signal) => (open ? call('consoleInsightGiftTemplates', { signal }) : Promise.resolve({ items: [] })), [open]);
  const actionKindOpen = Form.useWatch('actionKind', form) === 'banner';
  const claimable = useApi((signal) => (open && actionKindOpen ? call('consoleCouponTemplates', { signal }) : Promise.resolve({ items: [] })), [open, actionKindOpen]);
  useEffect(() => {
    if (open && segmentId) form.setFieldValue('segmentId', segmentId);
  }, [open, segmentId, form]);
  const actionKind = Form.useWatch('actionKind', form);
  const scheduleKind = Form.useWatch('scheduleKind', form);
  const trigger = Form.useWatch('trigger', form);
  const save = async () => {
    // an invalid form: antd shows the errors at the fields (the rejection was left unhandled: a page error)
    const values = await form.validateFields().catch(() => null);
    if (!values) return void message.error('请先修正标红的项目');
    setSaving(true);
    try {
      await call('consoleCreateCampaign', { body: toInput(values) });
      message.success('活动已创建');
      form.resetFields();
      onSaved();
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : [];
      const mapped = fields.map((f) => ({ name: FIELD_OF[f.path.replace(/^body\./, '')], errors: [f.message] })).filter((f) => f.name);
      if (mapped.length) form.setFields(mapped as never);
      message.error(messageOf(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer title="新建营销活动" width={640} open={open} onClose={onClose} extra={<Button type="primary" loading={saving} onClick={save} data-testid="save-campaign">创建</Button>}>
      <Form<Values> form={form} layout="vertical" initialValues={{ actionKind: 'coupon', scheduleKind: 'once', holdoutPct: 10, giftTitle: '会员礼包已到账', trigger: 'stage', stage: '沉睡', triggerDays: 3, day: 26, hour: 10 }}>
        <Form.Item name="name" label="活动名称" rules={[{ required: true, message: '请填写活动名称' }, { max: 40 }]}>
          <Input placeholder="例如：沉睡会员唤醒" data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="segmentId" label="目标人群" rules={[{ required: true, message: '请选择人群' }]}>
          <Select placeholder="选择人群" options={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.kind === 'snapshot' ? '快照' : '动态'}）` }))} data-testid="campaign-segment" />
        </Form.Item>
        <Form.Item name="actionKind" label="活动内容">
          <Radio.Group options={[{ value: 'coupon', label: '送优惠券' }, { value: 'points', label: '送积分' }, { value: 'message', label: '发订阅消息' }, { value: 'banner', label: '首页横幅' }]} />
        </Form.Item>
        {actionKind === 'coupon' && (
          <Form.Item name="templateId" label="优惠券模板" rules={[{ required: true, message: '请选择优惠券' }]} extra="仅列出「活动」渠道、启用中的模板">
            <Select placeholder="选择优惠券" options={(templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))} data-testid="campaign-template" />
          </Form.Item>
        )}
        {actionKind === 'points' && (
          <Form.Item name="points" label="每人积分" rules={[{ required: true, message: '请填写积分' }]}>
            <InputNumber min={1} max={1_000_000} precision={0} addonAfter="积分" />
          </Form.Item>
        )}
        {actionKind === 'message' && (
          <Space.Compact block>
            <Form.Item name="messageTemplateId" label="订阅消息模板ID" rules={[{ required: true }]} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
            <Form.Item name="messageTitle" label="标题" rules={[{ required: true }, { max: 20 }]} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
            <Form.Item name="messagePage" label="打开页面" style={{ flex: 1 }}>
              <Input placeholder="pages/index/index" />
            </Form.Item>
          </Space.Compact>
        )}
        {actionKind === 'banner' && (
          <>
            <Form.Item name="bannerImage" label="横幅图片" rules={[{ required: true, type: 'array', min: 1, message: '请上传横幅图片' }]} extra="只展示给目标人群中的实验组会员（对照组看不到），排在运营横幅之前">
              <PhotoUpload max={1} />
            </Form.Item>
            <Form.Item name="bannerTitle" label="横幅标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 40 }]}>
              <Input maxLength={40} data-testid="campaign-banner-title" />
            </Form.Item>
            <Form.Item name="bannerDays" label="展示天数" initialValue={7} rules={[{ required: true }]}>
              <InputNumber min={1} max={90} precision={0} addonAfter="天" />
            </Form.Item>
            <LinkFields prefix={['bannerLink']} templates={claimable.data?.items ?? []} testId="campaign-banner-link" />
          </>
        )}
        <Form.Item name="scheduleKind" label="执行方式">
          <Radio.Group options={[{ value: 'once', label: '定时一次' }, { value: 'monthly', label: '每月（会员日）' }, { value: 'trigger', label: '条件触发' }]} />
        </Form.Item>
        {scheduleKind === 'once' && (
          <Form.Item name="at" label="执行时间（北京时间）" extra="不填则立即可执行；免打扰时段内顺延">
            {/* no 此刻: antd takes it from the browser's clock, hours off outside China; empty already means now */}
            <DatePicker showTime showNow={false} />
          </Form.Item>
        )}
        {scheduleKind === 'monthly' && (
          <Space>
            <Form.Item name="day" label="每月几号">
              <InputNumber min={1} max={28} addonAfter="日" />
            </Form.Item>
            <Form.Item name="hour" label="几点">
              <InputNumber min={0} max={23} addonAfter="时" />
            </Form.Item>
          </Space>
        )}
        {scheduleKind === 'trigger' && (
          <Space align="start" wrap>
            <Form.Item name="trigger" label="触发条件">
              <Select style={{ width: 220 }} options={[{ value: 'stage', label: '进入生命周期阶段' }, { value: 'segment', label: '新进入所选人群' }, { value: 'attended_no_purchase', label: '到店后 N 天未购买' }, { value: 'birthday', label: '生日当月' }, { value: 'coupon_expiring', label: '优惠券 N 天内过期未用' }]} />
            </Form.Item>
            {trigger === 'stage' && (
              <Form.Item name="stage" label="阶段">
                <Select style={{ width: 120 }} options={STAGES.map((s) => ({ value: s, label: s }))} />
              </Form.Item>
            )}
            {(trigger === 'attended_no_purchase' || trigger === 'coupon_expiring') && (
              <Form.Item name="triggerDays" label="天数">
                <InputNumber min={1} max={30} addonAfter="天" />
              </Form.Item>
            )}
          </Space>
        )}
        <Form.Item name="holdoutPct" label="对照组比例" extra="对照组不发放任何内容，用于衡量活动带来的增量（按会员与活动稳定分组）">
          <Slider min={0} max={50} marks={{ 0: '0%', 10: '10%', 20: '20%', 50: '50%' }} tooltip={{ formatter: (v) => `${v}%` }} />
        </Form.Item>
        <Space>
          <Form.Item name="maxGifts" label="最多发券（张）">
            <InputNumber min={1} precision={0} placeholder="不限" />
          </Form.Item>
          <Form.Item name="maxPoints" label="最多发积分">
            <InputNumber min={1} precision={0} placeholder="不限" />
          </Form.Item>
        </Space>
        <Form.Item name="giftTitle" label="小程序弹窗标题" rules={[{ required: true }, { max: 20 }]}>
          <Input />
        </Form.Item>
        <Typography.Text type="secondary">
          同一会员每月最多收到的活动次数与免打扰时段，在 <Link to="/insight/settings">会员洞察 › 洞察设置</Link> 中统一配置。
        </Typography.Text>
      </Form>
    </Drawer>
  );
}

/** The shortcut grid (which of the six, their labels, order), the featured coupons and the notice bar. */
import { Button, Card, Col, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { TemplateView } from '@homeclub/shared';
import { LinkFields } from './LinkFields';
import { SHORTCUT_NAMES, type ShortcutValues } from './form-values';

export function ShortcutsEditor() {
  const form = Form.useFormInstance();
  const rows = (Form.useWatch('shortcuts', form) ?? []) as ShortcutValues[];
  return (
    <Form.List name="shortcuts">
      {(fields, { move }, { errors }) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          {fields.map((f, i) => (
            <Row key={f.key} gutter={8} align="middle" data-testid={`shortcut-${rows[i]?.key}`}>
              <Col span={4}>
                <Typography.Text strong>{SHORTCUT_NAMES[rows[i]?.key] ?? ''}</Typography.Text>
              </Col>
              <Col span={3}>
                <Form.Item name={[f.name, 'on']} valuePropName="checked" style={{ marginBottom: 8 }}>
                  <Switch checkedChildren="显示" unCheckedChildren="隐藏" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={[f.name, 'label']} style={{ marginBottom: 8 }} rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 6, message: '最多 6 个字' }]}>
                  <Input maxLength={6} placeholder="显示名称" />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Space>
                  <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label="上移" />
                  <Button size="small" icon={<ArrowDownOutlined />} disabled={i === fields.length - 1} onClick={() => move(i, i + 1)} aria-label="下移" />
                </Space>
              </Col>
            </Row>
          ))}
          <Form.ErrorList errors={errors} />
        </Space>
      )}
    </Form.List>
  );
}

export function FeaturedAndNotice({ templates }: { templates: TemplateView[] }) {
  const form = Form.useFormInstance();
  const noticeOn = Form.useWatch('noticeOn', form) as boolean | undefined;
  const claimable = templates.filter((t) => t.channel === 'claim_center');
  return (
    <>
      <Card size="small" title="推荐优惠券" style={{ marginBottom: 16 }}>
        <Form.Item name="featuredCouponIds" extra="首页领券条里排在最前（按选择顺序，最多 10 张；只显示会员可领的）" rules={[{ type: 'array', max: 10, message: '最多 10 张' }]}>
          <Select mode="multiple" allowClear placeholder="选择领券中心的优惠券" optionFilterProp="label" options={claimable.map((t) => ({ value: t.id, label: t.name }))} data-testid="featured-coupons" />
        </Form.Item>
      </Card>
      <Card size="small" title="公告栏">
        <Form.Item name="noticeOn" valuePropName="checked" label="显示公告">
          <Switch data-testid="notice-on" />
        </Form.Item>
        {noticeOn && (
          <>
            <Form.Item name="noticeText" label="公告内容" rules={[{ required: true, whitespace: true, message: '请填写公告内容' }, { max: 60, message: '最多 60 个字' }]}>
              <Input maxLength={60} showCount data-testid="notice-text" />
            </Form.Item>
            <LinkFields prefix={['notice']} templates={templates} testId="notice-link" />
          </>
        )}
      </Card>
    </>
  );
}

/** Banners: image (uploaded), title, link, schedule, stores and tiers (empty = all), order by ↑ ↓. */
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { TemplateView } from '@homeclub/shared';
import { useSession } from '../../session';
import { PhotoUpload } from '../stores/PhotoUpload';
import { LinkFields } from './LinkFields';
import { newBannerId, type BannerValues } from './form-values';

export function BannersEditor({ templates, tiers }: { templates: TemplateView[]; tiers: { value: string; label: string }[] }) {
  const { stores } = useSession();
  return (
    <Form.List name="banners">
      {(fields, { add, remove, move }, { errors }) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          {fields.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              data-testid={`banner-${i}`}
              title={`横幅 ${i + 1}`}
              extra={
                <Space>
                  <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label="上移" />
                  <Button size="small" icon={<ArrowDownOutlined />} disabled={i === fields.length - 1} onClick={() => move(i, i + 1)} aria-label="下移" />
                  <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)}>删除</Button>
                </Space>
              }
            >
              <Form.Item name={[f.name, 'id']} hidden><Input /></Form.Item>
              <Row gutter={8}>
                <Col span={8}>
                  <Form.Item name={[f.name, 'image']} label="图片" extra="建议 750×300，JPEG/PNG/WebP，≤ 2 MB" rules={[{ required: true, type: 'array', min: 1, message: '请上传横幅图片' }]}>
                    <PhotoUpload max={1} />
                  </Form.Item>
                </Col>
                <Col span={16}>
                  <Form.Item name={[f.name, 'title']} label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 40, message: '最多 40 个字' }]}>
                    <Input maxLength={40} showCount data-testid={`banner-${i}-title`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'range']} label="展示时间" extra="不填则一直展示">
                    <DatePicker.RangePicker showTime allowEmpty={[true, true]} format="YYYY-MM-DD HH:mm" />
                  </Form.Item>
                </Col>
              </Row>
              <LinkFields prefix={[f.name]} templates={templates} testId={`banner-${i}-link`} />
              <Row gutter={8}>
                <Col span={12}>
                  <Form.Item name={[f.name, 'storeIds']} label="门店" extra="不选 = 所有门店">
                    <Select mode="multiple" allowClear options={stores.map((s) => ({ value: s.id, label: s.name }))} placeholder="所有门店" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name={[f.name, 'tiers']} label="会员等级" extra="不选 = 所有等级（含未登录）">
                    <Select mode="multiple" allowClear options={tiers} placeholder="所有等级" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ))}
          <Form.ErrorList errors={errors} />
          {fields.length < 10 ? (
            <Button icon={<PlusOutlined />} onClick={() => add({ id: newBannerId(), title: '', image: [], storeIds: [], tiers: [], linkKind: 'none' } satisfies BannerValues)} data-testid="banner-add">
              添加横幅
            </Button>
          ) : (
            <Typography.Text type="secondary">最多 10 个横幅</Typography.Text>
          )}
        </Space>
      )}
    </Form.List>
  );
}

/** 营业时间与照片: hours per weekday (two intervals = a lunch break; none = closed), closed dates, photos, 上门量尺 area. */
import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { ConsoleStoreDetail } from '@homeclub/shared';
import { call } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';
import { showConflict } from '../../components/conflict';
import { PhotoUpload } from './PhotoUpload';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

interface Values {
  hours: { open: string; close: string }[][];
  closedDates: Dayjs[];
  photos: string[];
  cities: string[];
  districts: string[];
}

export function ProfileForm({ detail, onSaved }: { detail: ConsoleStoreDetail; onSaved: () => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const initial: Values = {
    hours: detail.hours,
    closedDates: detail.closedDates.map((d) => dayjs(d)),
    photos: detail.photos,
    cities: detail.serviceArea.cities,
    districts: detail.serviceArea.districts,
  };

  async function save(v: Values) {
    setSaving(true);
    try {
      await call('consoleStoreProfile', {
        params: { storeId: detail.store.id },
        body: {
          hours: v.hours.map((day) => day ?? []),
          closedDates: (v.closedDates ?? []).map((d) => d.format('YYYY-MM-DD')),
          photos: v.photos ?? [],
          serviceArea: { cities: v.cities ?? [], districts: v.districts ?? [] },
          baseRevision: detail.revision,
        },
      });
      message.success('营业信息已保存');
      onSaved();
    } catch (err) {
      if (showConflict(modal, err, onSaved)) return;
      const rest = applyFieldErrors(form, err, { known: (p) => p[0] === 'hours' || p[0] === 'photos' });
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form form={form} layout="horizontal" labelCol={{ span: 3 }} initialValues={initial} onFinish={save} data-testid="profile-form">
      <Typography.Title level={5}>营业时间</Typography.Title>
      {WEEKDAYS.map((label, d) => (
        <Form.Item key={label} label={label}>
          <Form.List name={['hours', d]}>
            {(fields, { add, remove }) => (
              <Space wrap>
                {fields.length === 0 && <Typography.Text type="secondary">休息</Typography.Text>}
                {fields.map((f) => (
                  <Space key={f.key} size={4}>
                    <Form.Item name={[f.name, 'open']} noStyle rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: '时间格式 HH:MM' }]}>
                      <Input style={{ width: 80 }} placeholder="10:00" data-testid={`hours-${d}-open`} />
                    </Form.Item>
                    –
                    <Form.Item name={[f.name, 'close']} noStyle rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, message: '时间格式 HH:MM' }]}>
                      <Input style={{ width: 80 }} placeholder="21:00" data-testid={`hours-${d}-close`} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                {fields.length < 2 && (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => add({ open: fields.length ? '13:00' : '10:00', close: '21:00' })}>
                    {fields.length ? '加一段（午休后）' : '营业'}
                  </Button>
                )}
              </Space>
            )}
          </Form.List>
        </Form.Item>
      ))}
      <Form.Item name="closedDates" label="休息日" extra="这些日期不可预约">
        <DatePicker multiple style={{ minWidth: 320 }} placeholder="选择休息日期" />
      </Form.Item>
      <Form.Item name="photos" label="门店照片" extra="JPEG / PNG / WebP，每张不超过 2 MB，最多 10 张">
        <PhotoUpload />
      </Form.Item>
      <Form.Item name="cities" label="上门城市">
        <Select mode="tags" placeholder="如 上海（回车添加）" />
      </Form.Item>
      <Form.Item name="districts" label="上门区县" extra="留空表示整个城市">
        <Select mode="tags" placeholder="如 徐汇区" />
      </Form.Item>
      <Form.Item wrapperCol={{ offset: 3 }}>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="profile-save">
          保存营业信息
        </Button>
      </Form.Item>
    </Form>
  );
}

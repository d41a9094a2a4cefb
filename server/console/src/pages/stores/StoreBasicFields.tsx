/** The store's basic fields (create and edit): code (create only), name, city, address, phone, coordinates. */
import { Form, Input, InputNumber, Space, Switch } from 'antd';

export function StoreBasicFields({ creating }: { creating: boolean }) {
  return (
    <>
      {creating && (
        <Form.Item name="code" label="门店编码" rules={[{ required: true, message: '请填写门店编码' }]} extra="2–20 位字母、数字，创建后不可修改">
          <Input placeholder="如 SH-JA" data-testid="store-code" />
        </Form.Item>
      )}
      <Form.Item name="name" label="门店名称" rules={[{ required: true, message: '请填写门店名称' }]}>
        <Input placeholder="如 上海静安店" data-testid="store-name" />
      </Form.Item>
      <Form.Item name="city" label="城市" rules={[{ required: true, message: '请填写城市' }]}>
        <Input placeholder="如 上海" data-testid="store-city" />
      </Form.Item>
      <Form.Item name="address" label="详细地址" rules={[{ required: true, message: '请填写详细地址' }]}>
        <Input placeholder="区、街道、门牌号" data-testid="store-address" />
      </Form.Item>
      <Form.Item name="phone" label="门店电话" rules={[{ required: true, message: '请填写门店电话' }]}>
        <Input placeholder="如 021-60000000" data-testid="store-phone" />
      </Form.Item>
      <Form.Item label="坐标（用于附近门店）" required>
        <Space>
          <Form.Item name={['location', 'lat']} noStyle rules={[{ required: true, message: '请填写纬度' }]}>
            <InputNumber placeholder="纬度" step={0.0001} style={{ width: 160 }} data-testid="store-lat" />
          </Form.Item>
          <Form.Item name={['location', 'lng']} noStyle rules={[{ required: true, message: '请填写经度' }]}>
            <InputNumber placeholder="经度" step={0.0001} style={{ width: 160 }} data-testid="store-lng" />
          </Form.Item>
        </Space>
      </Form.Item>
      {!creating && (
        <Form.Item name="active" label="营业中" valuePropName="checked" extra="停用后顾客看不到该门店，已有预约不受影响">
          <Switch />
        </Form.Item>
      )}
    </>
  );
}

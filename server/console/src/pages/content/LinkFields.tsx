/** Where a banner or the notice opens: nothing, a page, a coupon template (领券) or a store's booking service. */
import { Col, Form, Row, Select } from 'antd';
import type { ConsoleStoreDetail, TemplateView } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { useSession } from '../../session';
import { PAGE_NAMES, type LinkKind } from './form-values';

const KINDS: { value: LinkKind; label: string }[] = [
  { value: 'none', label: '不跳转' },
  { value: 'page', label: '小程序页面' },
  { value: 'coupon', label: '优惠券' },
  { value: 'booking', label: '预约服务' },
];

function ServiceSelect({ storeId, name, testId }: { storeId: string | undefined; name: (string | number)[]; testId: string }) {
  const state = useApi<ConsoleStoreDetail | null>((signal) => (storeId ? call('consoleStore', { params: { storeId }, signal }) : Promise.resolve(null)), [storeId]);
  const options = (state.data?.services ?? []).map((s) => ({ value: s.id, label: s.name }));
  return (
    <Form.Item name={name} label="服务" extra="不选则打开门店页">
      <Select allowClear placeholder="门店页" loading={state.loading} options={options} data-testid={testId} />
    </Form.Item>
  );
}

/** `prefix` = the form path of the link's owner (['banners', 0] or ['notice']). */
export function LinkFields({ prefix, templates, testId }: { prefix: (string | number)[]; templates: TemplateView[]; testId: string }) {
  const { stores } = useSession();
  const form = Form.useFormInstance();
  const kind = Form.useWatch([...prefix, 'linkKind'], form) as LinkKind | undefined;
  const storeId = Form.useWatch([...prefix, 'storeId'], form) as string | undefined;
  return (
    <Row gutter={8}>
      <Col span={6}>
        <Form.Item name={[...prefix, 'linkKind']} label="点击跳转" initialValue="none">
          <Select options={KINDS} data-testid={`${testId}-kind`} />
        </Form.Item>
      </Col>
      {kind === 'page' && (
        <Col span={8}>
          <Form.Item name={[...prefix, 'page']} label="页面" rules={[{ required: true, message: '请选择页面' }]}>
            <Select options={Object.entries(PAGE_NAMES).map(([value, label]) => ({ value, label }))} data-testid={`${testId}-page`} />
          </Form.Item>
        </Col>
      )}
      {kind === 'coupon' && (
        <Col span={10}>
          <Form.Item name={[...prefix, 'templateId']} label="优惠券" rules={[{ required: true, message: '请选择优惠券' }]}>
            <Select showSearch optionFilterProp="label" options={templates.map((t) => ({ value: t.id, label: t.name }))} data-testid={`${testId}-coupon`} />
          </Form.Item>
        </Col>
      )}
      {kind === 'booking' && (
        <>
          <Col span={8}>
            <Form.Item name={[...prefix, 'storeId']} label="门店" rules={[{ required: true, message: '请选择门店' }]}>
              <Select options={stores.map((s) => ({ value: s.id, label: s.name }))} onChange={() => form.setFieldValue([...prefix, 'serviceId'], null)} data-testid={`${testId}-store`} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <ServiceSelect storeId={storeId} name={[...prefix, 'serviceId']} testId={`${testId}-service`} />
          </Col>
        </>
      )}
    </Row>
  );
}

/** 门店: every store of the chain (closed ones too) and 新建门店 (chain admins). A manager sees their own store. */
import { useState } from 'react';
import { App, Button, Card, Form, Modal, Table, Tag, type ButtonProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import type { StoreBasicInput } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { applyFieldErrors } from '../../components/form-errors';
import { useSession } from '../../session';
import { StoreBasicFields } from './StoreBasicFields';

export function StoresPage() {
  const { user } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const state = useApi((signal) => call('consoleStores', { signal }), []);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<StoreBasicInput>();

  async function create(values: StoreBasicInput) {
    setSaving(true);
    try {
      const created = await call('consoleCreateStore', { body: values });
      message.success('门店已创建');
      setCreating(false);
      navigate(`/stores/${created.store.id}`);
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card
      title="门店"
      extra={
        user.role === 'admin' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="store-create">
            新建门店
          </Button>
        )
      }
    >
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '还没有门店，点「新建门店」添加' }}
          data-testid="stores-table"
          columns={[
            { title: '编码', dataIndex: 'code', width: 120 },
            { title: '门店', dataIndex: 'name', render: (v: string, r) => <Link to={`/stores/${r.id}`}>{v}</Link> },
            { title: '城市', dataIndex: 'city', width: 100 },
            { title: '地址', dataIndex: 'address' },
            { title: '电话', dataIndex: 'phone', width: 150 },
            { title: '预约服务', dataIndex: 'servicesCount', width: 100, align: 'right' },
            { title: '状态', dataIndex: 'active', width: 90, render: (v: boolean) => (v ? <Tag color="green">营业中</Tag> : <Tag>已停用</Tag>) },
          ]}
        />
      )}
      <Modal
        title="新建门店"
        open={creating}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText="创建"
        confirmLoading={saving}
        destroyOnClose
        okButtonProps={{ 'data-testid': 'store-create-ok' } as ButtonProps}
      >
        <Form form={form} layout="vertical" onFinish={create} preserve={false}>
          <StoreBasicFields creating />
        </Form>
      </Modal>
    </Card>
  );
}

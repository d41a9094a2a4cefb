/** 收银系统密钥: create (the secret is shown once, with a copy button), list, revoke (asks first, refuses at once). */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import type { PosKeyView } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { applyFieldErrors } from '../../components/form-errors';
import { time } from '../../components/format';

export function PosKeys({ storeId, storeName }: { storeId: string; storeName: string }) {
  const { message, modal } = App.useApp();
  const state = useApi((signal) => call('consolePosKeys', { params: { storeId }, signal }), [storeId]);
  const [form] = Form.useForm<{ label: string }>();
  const [secret, setSecret] = useState<{ keyId: string; secret: string } | null>(null);

  async function create(v: { label: string }) {
    try {
      const k = await call('consoleCreatePosKey', { params: { storeId }, body: v });
      setSecret({ keyId: k.keyId, secret: k.secret });
      form.resetFields();
      state.reload();
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    }
  }

  function revoke(k: PosKeyView) {
    modal.confirm({
      title: `停用密钥「${k.label}」？`,
      content: `停用后，${storeName}使用该密钥的收银系统请求会立即被拒绝，且不能恢复；需要时请新建密钥并更新收银系统配置。`,
      okText: '停用',
      okButtonProps: { danger: true, 'data-testid': 'pos-revoke-ok' } as ButtonProps,
      cancelText: '取消',
      onOk: async () => {
        try {
          await call('consoleRevokePosKey', { params: { storeId, keyId: k.keyId } });
          message.success('密钥已停用');
          state.reload();
        } catch (err) {
          message.error(messageOf(err));
        }
      },
    });
  }

  return (
    <>
      <Form form={form} layout="inline" onFinish={create} style={{ marginBottom: 16 }}>
        <Form.Item name="label" rules={[{ required: true, message: '请填写用途，如 收银 1 号' }]}>
          <Input placeholder="用途，如 收银 1 号" style={{ width: 240 }} data-testid="pos-label" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="pos-create">
          新建密钥
        </Button>
      </Form>
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table<PosKeyView>
          rowKey="keyId"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '还没有密钥' }}
          data-testid="pos-keys"
          columns={[
            { title: '用途', dataIndex: 'label' },
            { title: '密钥 ID', dataIndex: 'keyId', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: '创建时间', dataIndex: 'createdAt', render: time },
            { title: '状态', dataIndex: 'revokedAt', render: (v: string | null) => (v ? <Tag>已停用 {time(v)}</Tag> : <Tag color="green">使用中</Tag>) },
            {
              title: '操作',
              render: (_: unknown, k) =>
                !k.revokedAt && (
                  <Button danger size="small" onClick={() => revoke(k)} data-testid={`pos-revoke-${k.keyId}`}>
                    停用
                  </Button>
                ),
            },
          ]}
        />
      )}
      <Modal title="密钥已创建" open={!!secret} onOk={() => setSecret(null)} onCancel={() => setSecret(null)} okText="我已保存" cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon message="密钥只显示这一次，关闭后无法再次查看，请立即复制到收银系统。" style={{ marginBottom: 16 }} />
        <Space direction="vertical">
          <span>
            密钥 ID：<Typography.Text copyable code data-testid="pos-new-key-id">{secret?.keyId}</Typography.Text>
          </span>
          <span>
            密钥：<Typography.Text copyable={{ text: secret?.secret }} code data-testid="pos-new-secret">{secret?.secret}</Typography.Text>
          </span>
        </Space>
      </Modal>
    </>
  );
}

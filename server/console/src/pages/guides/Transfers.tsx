/**
 * 客户转移 (chain admins): move a guide's customers to one guide or spread them over a
 * store's guides. The server runs it as a resumable job; the list shows each
 * transfer's report (moved per target guide), refreshed until it is done.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Form, Radio, Select, Space, Switch, Table, Tag, message } from 'antd';
import type { ResponseOf, TransferView } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { time } from '../../components/format';
import { useSession } from '../../session';

type Guide = ResponseOf<'consoleGuides'>['items'][number];
interface Values {
  fromGuideId: string;
  target: 'one' | 'spread';
  toGuideId?: string;
  spreadStoreId?: string;
  deactivate: boolean;
}

export function GuideTransfers() {
  const { stores } = useSession();
  const [form] = Form.useForm<Values>();
  const target = Form.useWatch('target', form);
  const guides = useApi((signal) => call('consoleGuides', { query: {}, signal }), []);
  const list = useApi((signal) => call('consoleGuideTransfers', { signal }), []);
  const [busy, setBusy] = useState(false);
  const running = (list.data?.items ?? []).some((t) => t.state === 'running');
  const { reload } = list;
  useEffect(() => {
    if (!running) return;
    const t = setInterval(reload, 1500);
    return () => clearInterval(t);
  }, [running, reload]);

  const options = (guides.data?.items ?? []).map((g: Guide) => ({
    value: g.memberId,
    label: `${g.nickname} · ${g.storeName}（${g.performance.customers} 位客户）${g.status === 'left' ? ' 已停用' : ''}`,
  }));
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const body =
        v.target === 'one'
          ? { fromGuideId: v.fromGuideId, toGuideId: v.toGuideId!, deactivate: v.deactivate }
          : { fromGuideId: v.fromGuideId, spreadStoreId: v.spreadStoreId!, deactivate: v.deactivate };
      await call('consoleCreateGuideTransfer', { body });
      void message.success('转移已开始');
      list.reload();
      guides.reload();
    } catch (err) {
      void message.error(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title="转移客户">
        <Form
          form={form}
          layout="inline"
          initialValues={{ target: 'one', deactivate: true }}
          onFinish={(v) => void submit(v)}
          data-testid="guide-transfer-form"
        >
          <Form.Item name="fromGuideId" label="原导购" rules={[{ required: true, message: '请选择原导购' }]}>
            <Select id="transfer-from" style={{ width: 280 }} options={options} placeholder="离职或调岗的导购" />
          </Form.Item>
          <Form.Item name="target" label="转给">
            <Radio.Group>
              <Radio value="one">指定导购</Radio>
              <Radio value="spread">平均分给门店导购</Radio>
            </Radio.Group>
          </Form.Item>
          {target === 'spread' ? (
            <Form.Item name="spreadStoreId" rules={[{ required: true, message: '请选择门店' }]}>
              <Select
                id="transfer-store"
                style={{ width: 180 }}
                placeholder="门店"
                options={stores.map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
          ) : (
            <Form.Item name="toGuideId" rules={[{ required: true, message: '请选择接手导购' }]}>
              <Select id="transfer-to" style={{ width: 280 }} placeholder="接手导购" options={options} />
            </Form.Item>
          )}
          <Form.Item name="deactivate" label="同时停用原导购" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="transfer-submit">
            开始转移
          </Button>
        </Form>
      </Card>
      <Card title="转移记录">
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <Table<TransferView>
            rowKey="id"
            loading={list.loading && !list.data}
            dataSource={list.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: '暂无转移' }}
            data-testid="transfers-table"
            columns={[
              { title: '发起时间', dataIndex: 'createdAt', render: time, width: 170 },
              { title: '原导购', dataIndex: 'fromNickname' },
              {
                title: '状态',
                dataIndex: 'state',
                render: (s: string) => (s === 'done' ? <Tag color="green">已完成</Tag> : <Tag color="blue">转移中</Tag>),
              },
              { title: '转移客户', dataIndex: 'moved' },
              { title: '报告', render: (_v, t) => t.targets.map((x) => `${x.nickname} ${x.moved} 位`).join('，') },
              { title: '完成时间', dataIndex: 'finishedAt', render: time, width: 170 },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

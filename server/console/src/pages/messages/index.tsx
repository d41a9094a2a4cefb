/**
 * 消息模板: each reminder kind (预约成功通知, 预约到店提醒, 优惠券到期提醒) mapped to the chain's WeChat subscribe-message
 * template — 模板 ID, which value goes into which keyword, on/off — saved on the loaded revision (another admin's save
 * first → the conflict, nothing overwritten), with what the message will say and a 测试发送 to a member by phone.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { MESSAGE_CATALOG, composeMessage, messageKindInfo, type MessageSettings, type MessageTemplateSetting } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { showConflict } from '../../components/conflict';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { applyFieldErrors } from '../../components/form-errors';
import { ObjectAuditButton } from '../../components/ObjectAudit';
import { TestSendModal } from './TestSend';

type Values = { settings: MessageSettings };

function Preview({ t }: { t: MessageTemplateSetting | undefined }) {
  if (!t) return null;
  const info = messageKindInfo(t.kind);
  const data = composeMessage((t.fields ?? []).filter((f) => f?.key && f?.source), Object.fromEntries(info.sources.map((s) => [s.key, s.sample])));
  const rows = Object.entries(data);
  return (
    <div style={{ background: '#f7f8fa', borderRadius: 8, padding: 12, minHeight: 120 }} data-testid={`message-preview-${t.kind}`}>
      <Typography.Text strong>{info.label}</Typography.Text>
      {rows.length === 0 && <div style={{ color: '#999', marginTop: 8 }}>添加字段后显示消息内容</div>}
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'flex', gap: 8, marginTop: 6 }}>
          <span style={{ color: '#999', width: 140, flex: 'none' }}>{k}</span>
          <span>{v.value}</span>
        </div>
      ))}
      <div style={{ color: '#999', marginTop: 8, fontSize: 12 }}>点击消息打开：{info.page}</div>
    </div>
  );
}

function KindCard({ index, kind, onTest }: { index: number; kind: MessageTemplateSetting['kind']; onTest: (kind: MessageTemplateSetting['kind']) => void }) {
  const form = Form.useFormInstance<Values>();
  const watched = Form.useWatch(['settings', 'templates', index], form) as Partial<MessageTemplateSetting> | undefined;
  const t = watched ? ({ ...watched, kind } as MessageTemplateSetting) : undefined;
  const info = messageKindInfo(kind);
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid={`message-kind-${kind}`}
      title={<Space>{info.label}{t?.enabled === false ? <Tag>已停用</Tag> : <Tag color="green">启用</Tag>}</Space>}
      extra={<Button size="small" onClick={() => onTest(kind)} data-testid={`message-test-${kind}`}>测试发送</Button>}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>{info.when}</Typography.Paragraph>
      <Row gutter={24}>
        <Col span={14}>
          <Space align="start" wrap>
            <Form.Item name={['settings', 'templates', index, 'enabled']} label="启用" valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name={['settings', 'templates', index, 'templateId']} label="模板 ID" rules={[{ required: true, message: '请填写模板 ID' }]} extra="微信公众平台 → 订阅消息 → 我的模板" style={{ width: 340 }}>
              <Input placeholder="如 aBcD1234…" />
            </Form.Item>
          </Space>
          <Form.List name={['settings', 'templates', index, 'fields']}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'key']} rules={[{ required: true, message: '请填写关键词' }]} style={{ width: 180 }}><Input placeholder="关键词，如 thing1" /></Form.Item>
                    <span style={{ lineHeight: '32px' }}>←</span>
                    <Form.Item name={[f.name, 'source']} rules={[{ required: true, message: '请选择' }]} style={{ width: 180 }}>
                      <Select placeholder="填入的内容" options={info.sources.map((s) => ({ label: s.label, value: s.key }))} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除字段" />
                  </Space>
                ))}
                <Form.ErrorList errors={errors} />
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', source: info.sources[0].key })} disabled={fields.length >= 10}>添加字段</Button>
              </>
            )}
          </Form.List>
        </Col>
        <Col span={10}><Preview t={t} /></Col>
      </Row>
    </Card>
  );
}

export function MessagesPage() {
  const { message, modal } = App.useApp();
  const state = useApi((signal) => call('consoleMessageSettings', { signal }), []);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState<MessageTemplateSetting['kind'] | null>(null);
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Card title="消息模板" loading />;
  const { settings, revision } = state.data;

  async function save(v: Values) {
    setSaving(true);
    try {
      // The form holds the edited fields of each kind; the kind itself (and anything not on screen) comes from what was loaded.
      const templates = settings.templates.map((t, i) => ({ ...t, ...v.settings?.templates?.[i], kind: t.kind }));
      await call('consolePutMessageSettings', { body: { baseRevision: revision, settings: { templates } } });
      message.success('消息模板已保存');
      state.reload();
    } catch (err) {
      if (!showConflict(modal, err, state.reload, '设置')) {
        const rest = applyFieldErrors(form, err, { prefix: 'body' });
        if (rest) message.error(rest ?? messageOf(err));
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title="消息模板" extra={<ObjectAuditButton subject="settings:messages" />}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="会员在小程序中点「订阅」后，才会收到对应的服务通知；每次订阅只能发送一次。"
        description="关键词按微信模板的字段填写（如 thing1、time2）；内容超过微信的长度限制时自动截断（thing 20 字、character_string 32 位、phrase 5 字）。"
      />
      <Form form={form} layout="vertical" initialValues={{ settings }} onFinish={save} key={revision} data-testid="message-settings">
        {MESSAGE_CATALOG.map((k) => settings.templates.findIndex((t) => t.kind === k.kind)).filter((i) => i >= 0).map((i) => (
          <KindCard key={i} index={i} kind={settings.templates[i].kind} onTest={setTesting} />
        ))}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="message-settings-save">保存（版本 {revision}）</Button>
      </Form>
      <TestSendModal kind={testing} onClose={() => setTesting(null)} />
    </Card>
  );
}

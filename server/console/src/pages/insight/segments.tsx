/**
 * 人群: saved segments (dynamic: evaluated when used; snapshot: a frozen list),
 * a builder with a live preview count and sample, snapshots, and manual tags
 * from pasted CSV lines.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Drawer, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, TagsOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import type { ResponseOf, SegmentView } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { time, yuan } from '../../components/format';
import { emptyDraft, RuleBuilder, toRule, type Draft } from './rule-builder';
import { STAGE_COLOR } from './labels';

export function SegmentsPage() {
  const list = useApi((signal) => call('consoleSegments', { signal }), []);
  const [creating, setCreating] = useState(false);
  const [tagging, setTagging] = useState(false);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const snapshot = async (s: SegmentView) => {
    try {
      const r = await call('consoleSnapshotSegment', { params: { id: s.id } });
      message.success(`已生成快照人群「${r.name}」，共 ${r.members} 人`);
      list.reload();
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  return (
    <Card
      title="人群"
      extra={
        <Space>
          <Button icon={<TagsOutlined />} onClick={() => setTagging(true)}>
            导入标签
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-segment">
            新建人群
          </Button>
        </Space>
      }
      data-testid="insight-segments"
    >
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<SegmentView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '还没有人群，点击「新建人群」开始' }}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '类型', dataIndex: 'kind', render: (k: string) => (k === 'snapshot' ? <Tag color="purple">快照</Tag> : <Tag color="blue">动态</Tag>) },
            { title: '人数', dataIndex: 'members', align: 'right', render: (n: number, r) => (r.kind === 'dynamic' ? `${n}（上次预览）` : n) },
            { title: '创建时间', dataIndex: 'createdAt', render: time },
            {
              title: '操作',
              render: (_: unknown, s) => (
                <Space>
                  <Button type="link" size="small" onClick={() => navigate(`/insight/campaigns?segment=${s.id}`)}>
                    发起活动
                  </Button>
                  {s.kind === 'dynamic' && (
                    <Popconfirm title="生成快照" description="将按规则冻结此刻的会员名单为一个新的快照人群，原人群不变。" okText="生成" cancelText="取消" onConfirm={() => snapshot(s)}>
                      <Button type="link" size="small">
                        生成快照
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
          data-testid="segments-table"
        />
      )}
      <NewSegment open={creating} onClose={() => setCreating(false)} onSaved={() => { setCreating(false); list.reload(); }} />
      <ImportTags open={tagging} onClose={() => setTagging(false)} />
    </Card>
  );
}

function NewSegment({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [nameError, setNameError] = useState<string>();
  const { message } = App.useApp();
  const rule = toRule(draft);
  const ruleText = JSON.stringify(rule);
  const [preview, setPreview] = useState<{ loading: boolean; error?: unknown; data?: ResponseOf<'consoleSegmentPreview'> }>({ loading: false });
  useEffect(() => {
    if (!open || !rule) return;
    const t = setTimeout(() => {
      setPreview((p) => ({ ...p, loading: true }));
      call('consoleSegmentPreview', { body: rule }).then((data) => setPreview({ loading: false, data }), (error) => setPreview({ loading: false, error }));
    }, 400);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, ruleText]);
  const save = async () => {
    if (!name.trim()) return setNameError('请填写人群名称');
    if (!rule) return;
    setSaving(true);
    try {
      await call('consoleCreateSegment', { body: { name: name.trim(), rule } });
      message.success('人群已保存');
      setName('');
      setDraft(emptyDraft());
      onSaved();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      title="新建人群"
      width={720}
      open={open}
      onClose={onClose}
      extra={
        <Button type="primary" loading={saving} disabled={!rule} onClick={save} data-testid="save-segment">
          保存
        </Button>
      }
    >
      <Form layout="vertical">
        <Form.Item label="人群名称" required validateStatus={nameError ? 'error' : undefined} help={nameError}>
          <Input maxLength={40} value={name} onChange={(e) => { setName(e.target.value); setNameError(undefined); }} placeholder="例如：沉睡会员" data-testid="segment-name" />
        </Form.Item>
        <Form.Item label="规则">
          <RuleBuilder value={draft} onChange={setDraft} />
        </Form.Item>
      </Form>
      <Card size="small" title="实时预览" loading={preview.loading && !preview.data}>
        {preview.error ? (
          <Typography.Text type="danger">{messageOf(preview.error)}</Typography.Text>
        ) : preview.data ? (
          <>
            <Typography.Title level={4} data-testid="preview-count">
              {preview.data.members} 人
            </Typography.Title>
            <Table
              size="small"
              rowKey="memberId"
              pagination={false}
              dataSource={preview.data.sample}
              columns={[
                { title: '会员', dataIndex: 'memberId', render: (id: string) => <Link to={`/members/${id}`}>{id.slice(-6)}</Link> },
                { title: '阶段', dataIndex: 'stage', render: (s: keyof typeof STAGE_COLOR) => <Tag color={STAGE_COLOR[s]}>{s}</Tag> },
                { title: 'RFM 客群', dataIndex: 'rfmGroup', render: (g: string | null) => g ?? '—' },
                { title: '近365天消费', dataIndex: 'paidFen365', align: 'right', render: yuan },
              ]}
            />
          </>
        ) : (
          <Typography.Text type="secondary">完成至少一个条件后显示人数</Typography.Text>
        )}
      </Card>
    </Drawer>
  );
}

function ImportTags({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [csv, setCsv] = useState('');
  const [busy, setBusy] = useState(false);
  const { modal } = App.useApp();
  const submit = async () => {
    setBusy(true);
    try {
      const r = await call('consoleImportTags', { body: { csv } });
      modal.info({ title: '导入完成', content: `已更新 ${r.updated} 位会员${r.unknown.length ? `；未找到 ${r.unknown.length} 个会员ID` : ''}${r.badLines.length ? `；第 ${r.badLines.join('、')} 行格式有误` : ''}` });
      setCsv('');
      onClose();
    } catch (err) {
      modal.error({ title: '导入失败', content: messageOf(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="导入手工标签" open={open} onCancel={onClose} onOk={submit} okText="导入" cancelText="取消" confirmLoading={busy} okButtonProps={{ disabled: !csv.trim() }}>
      <Typography.Paragraph type="secondary">每行一位会员：会员ID,标签[,标签…]，例如 64f0c0ffee0000000000abcd,高意向,别墅客户</Typography.Paragraph>
      <Input.TextArea rows={8} value={csv} onChange={(e) => setCsv(e.target.value)} />
    </Modal>
  );
}

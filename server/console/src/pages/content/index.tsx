/**
 * 首页装修: the mini-program home's banners, shortcut grid, featured coupons and notice bar, edited as one
 * draft. Saves carry the loaded revision (another admin's save in between → CONTENT_DRAFT_CONFLICT, nothing
 * overwritten); the phone preview beside the form shows the unsaved content for a tier / store / time;
 * 发布 asks first and makes the saved revision the live version; 版本记录 lists versions and loads one back.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Row, Space, Tabs, Tag, Typography } from 'antd';
import type { HomeConfigInput, HomeDraftView, HomeVersionDetail, TemplateView } from '@homeclub/shared';
import { ApiError, call, messageOf } from '../../api/client';
import { showConflict } from '../../components/conflict';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { ObjectAuditButton } from '../../components/ObjectAudit';
import { TIERS, time } from '../../components/format';
import { BannersEditor } from './BannersEditor';
import { FeaturedAndNotice, ShortcutsEditor } from './GridNoticeEditor';
import { PhonePreview } from './PhonePreview';
import { Versions } from './Versions';
import { formName, toConfig, toValues, type ContentValues } from './form-values';

/** The preview leaves out what is still being typed (a banner without image or title, an empty notice). */
function previewable(c: HomeConfigInput): HomeConfigInput {
  return { ...c, banners: (c.banners ?? []).filter((b) => b.image && b.title.trim()), notice: c.notice && c.notice.text.trim() ? c.notice : null };
}

interface EditorProps {
  draft: HomeDraftView;
  templates: TemplateView[];
  tiers: { value: string; label: string }[];
  reload: () => void;
}

function Editor({ draft, templates, tiers, reload }: EditorProps) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ContentValues>();
  const [values, setValues] = useState<ContentValues>(() => toValues(draft.config));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [versionsKey, setVersionsKey] = useState(0);
  const [tab, setTab] = useState('banners');

  async function save() {
    let v: ContentValues;
    try {
      v = await form.validateFields();
    } catch {
      return void message.error('请先修正标红的项目');
    }
    setBusy(true);
    try {
      const all = form.getFieldsValue(true) as ContentValues;
      await call('consoleSaveHomeDraft', { body: { baseRevision: draft.revision, config: toConfig({ ...all, ...v }) } });
      message.success('草稿已保存');
      setDirty(false);
      reload();
    } catch (err) {
      if (showConflict(modal, err, reload, '草稿')) return;
      const rows = (form.getFieldValue('shortcuts') as ContentValues['shortcuts']).map((s, i) => (s.on ? i : -1)).filter((i) => i >= 0);
      const rest: string[] = [];
      for (const f of err instanceof ApiError ? err.fields : []) {
        const name = formName(f.path, rows);
        if (name) form.setFields([{ name: name as never, errors: [f.message] }]);
        else rest.push(f.message);
      }
      message.error(rest.length ? `${messageOf(err)}：${rest.join('；')}` : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  function publish() {
    modal.confirm({
      title: `发布修订 ${draft.revision}？`,
      content: '发布后小程序首页立即显示这份草稿的内容（横幅按各自的时间、门店和等级展示）。当前线上版本会保留在版本记录里，可随时载入重新发布。',
      okText: '发布',
      cancelText: '取消',
      onOk: async () => {
        try {
          const v = await call('consolePublishHome', { body: { revision: draft.revision } });
          message.success(`已发布 v${v.version}`);
          setVersionsKey((k) => k + 1);
          reload();
        } catch (err) {
          message.error(messageOf(err));
        }
      },
    });
  }

  function loadVersion(v: HomeVersionDetail) {
    const next = toValues(v.config);
    form.resetFields();
    form.setFieldsValue(next);
    setValues(next);
    setDirty(true);
    setTab('banners');
    message.info(`已载入 v${v.version} 的内容：保存后发布即可回滚到该版本`);
  }

  return (
    <Row gutter={24} wrap={false}>
      <Col flex="1 1 0" style={{ minWidth: 0 }}>
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text>草稿修订 {draft.revision}</Typography.Text>
          {draft.updatedAt && <Typography.Text type="secondary">最后保存 {time(draft.updatedAt)}</Typography.Text>}
          <Tag color={draft.publishedVersion ? 'green' : 'default'}>{draft.publishedVersion ? `线上 v${draft.publishedVersion}` : '尚未发布'}</Tag>
          {dirty && <Tag color="orange" data-testid="content-dirty">有未保存的修改</Tag>}
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="content-save">保存草稿</Button>
          <Button onClick={publish} disabled={dirty || draft.revision === 0} data-testid="content-publish" title={dirty ? '请先保存草稿' : undefined}>发布</Button>
        </Space>
        <Form<ContentValues>
          form={form}
          layout="vertical"
          initialValues={values}
          onValuesChange={() => {
            setDirty(true);
            setValues(form.getFieldsValue(true) as ContentValues);
          }}
          data-testid="content-form"
        >
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'banners', label: '横幅', forceRender: true, children: <BannersEditor templates={templates} tiers={tiers} /> },
              { key: 'grid', label: '金刚区', forceRender: true, children: <ShortcutsEditor /> },
              { key: 'more', label: '推荐券与公告', forceRender: true, children: <FeaturedAndNotice templates={templates} /> },
              { key: 'versions', label: '版本记录', children: <Versions refreshKey={versionsKey} templates={templates} onLoad={loadVersion} /> },
            ]}
          />
        </Form>
      </Col>
      <Col flex="0 0 440px">
        <Card size="small" title="手机预览" style={{ position: 'sticky', top: 16 }}>
          <PhonePreview config={previewable(toConfig(values))} templates={templates} tiers={tiers} />
        </Card>
      </Col>
    </Row>
  );
}

export function ContentPage() {
  const state = useApi(
    async (signal) => {
      const [draft, templates, settings] = await Promise.all([
        call('consoleHomeDraft', { signal }),
        call('consoleCouponTemplates', { signal }),
        call('consoleMembershipSettings', { signal }).catch(() => null),
      ]);
      const tiers = settings ? settings.settings.tiers.map((t) => ({ value: t.code, label: t.name })) : TIERS;
      return { draft, templates: templates.items, tiers };
    },
    [],
  );
  return (
    <Card title="首页装修" extra={<ObjectAuditButton subject="content:home" />}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message="编辑后先「保存草稿」，确认右侧预览无误再「发布」；小程序首页只显示已发布的版本。" />
      <Loadable state={state}>{(d) => <Editor key={d.draft.revision} draft={d.draft} templates={d.templates} tiers={d.tiers} reload={state.reload} />}</Loadable>
    </Card>
  );
}

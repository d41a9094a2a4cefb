/** 版本记录: every published version (newest first), the live one marked; 查看 shows it in the phone frame, 载入编辑 puts its content into the form (save + publish = rollback). */
import { useState } from 'react';
import { App, Button, Modal, Space, Table, Tag } from 'antd';
import type { HomeVersionDetail, TemplateView } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { time } from '../../components/format';
import { PhoneFrame } from './PhonePreview';

export function Versions({ refreshKey, templates, onLoad }: { refreshKey: number; templates: TemplateView[]; onLoad: (v: HomeVersionDetail) => void }) {
  const { message } = App.useApp();
  const state = useApi((signal) => call('consoleHomeVersions', { signal }), [refreshKey]);
  const [shown, setShown] = useState<HomeVersionDetail | null>(null);
  const open = async (version: number, then: (v: HomeVersionDetail) => void) => {
    try {
      then(await call('consoleHomeVersion', { params: { version } }));
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  const live = state.data?.publishedVersion ?? 0;
  return (
    <>
      <Table
        rowKey="version"
        size="small"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        locale={{ emptyText: '还没有发布过；保存草稿后点「发布」' }}
        pagination={false}
        data-testid="home-versions"
        columns={[
          { title: '版本', dataIndex: 'version', render: (v: number) => <Space>v{v}{v === live && <Tag color="green">线上</Tag>}</Space> },
          { title: '草稿修订', dataIndex: 'draftRevision' },
          { title: '横幅数', dataIndex: 'bannerCount' },
          { title: '发布时间', dataIndex: 'publishedAt', render: time },
          {
            title: '操作',
            key: 'op',
            render: (_: unknown, r: { version: number }) => (
              <Space>
                <Button size="small" onClick={() => void open(r.version, setShown)}>查看</Button>
                <Button size="small" onClick={() => void open(r.version, onLoad)} data-testid={`version-load-${r.version}`}>载入编辑</Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={shown !== null} title={shown ? `版本 v${shown.version}` : ''} footer={null} onCancel={() => setShown(null)} width={460}>
        {shown && <PhoneFrame home={{ version: shown.version, banners: shown.config.banners, shortcuts: shown.config.shortcuts, featuredCouponIds: shown.config.featuredCouponIds, notice: shown.config.notice }} templates={templates} tierName={null} storeName={null} />}
      </Modal>
    </>
  );
}

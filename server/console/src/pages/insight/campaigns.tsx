/** 营销活动: campaigns with status, schedule and spend; create, run now, pause / resume / end, and the report. */
import { useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import type { CampaignView } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { time } from '../../components/format';
import { CampaignForm } from './campaign-form';
import { CampaignDetail } from './campaign-report';
import { CAMPAIGN_STATUS } from './labels';

const ACTION = (c: CampaignView) => (c.action.kind === 'coupon' ? '送优惠券' : c.action.kind === 'points' ? `送 ${c.action.amount} 积分` : c.action.kind === 'banner' ? `首页横幅 ${c.action.days} 天` : '订阅消息');
const SCHEDULE = (c: CampaignView) => {
  const s = c.schedule;
  if (s.kind === 'once') return `定时 ${time(s.at)}`;
  if (s.kind === 'monthly') return `每月 ${s.day} 日 ${s.hour}:00`;
  const on = s.on;
  return on.kind === 'stage' ? `进入「${on.stage}」` : on.kind === 'segment' ? '新进入人群' : on.kind === 'birthday' ? '生日当月' : on.kind === 'coupon_expiring' ? `券 ${on.days} 天内过期` : `到店 ${on.days} 天未购买`;
};

export function CampaignsPage() {
  const [params, setParams] = useSearchParams();
  const segmentId = params.get('segment') ?? undefined;
  const list = useApi((signal) => call('consoleCampaigns', { signal }), []);
  const [creating, setCreating] = useState(!!segmentId);
  const [detail, setDetail] = useState<CampaignView | null>(null);
  const { message } = App.useApp();
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      list.reload();
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  return (
    <Card
      title="营销活动"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-campaign">
          新建活动
        </Button>
      }
      data-testid="insight-campaigns"
    >
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<CampaignView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '还没有活动' }}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={CAMPAIGN_STATUS[s]?.color}>{CAMPAIGN_STATUS[s]?.text}</Tag> },
            { title: '内容', render: (_: unknown, c) => ACTION(c) },
            { title: '执行', render: (_: unknown, c) => SCHEDULE(c) },
            { title: '对照组', dataIndex: 'holdoutShare', render: (x: number) => `${Math.round(x * 100)}%` },
            { title: '已发放', render: (_: unknown, c) => (c.action.kind === 'points' ? `${c.spent.points} 积分` : `${c.spent.gifts} 份`) },
            { title: '最近执行', render: (_: unknown, c) => (c.runs.length ? `${c.runs[c.runs.length - 1].treated} 人 · ${time(c.runs[c.runs.length - 1].startedAt)}` : '—') },
            {
              title: '操作',
              render: (_: unknown, c) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setDetail(c)} data-testid={`report-${c.name}`}>
                    效果
                  </Button>
                  {c.status === 'active' && (
                    <Popconfirm title="立即执行" description="将向目标人群中未发过的会员发放本期内容（对照组不发放，仍遵守频控与免打扰）。" okText="执行" cancelText="取消" onConfirm={() => act(() => call('consoleRunCampaign', { params: { id: c.id } }), '已执行')}>
                      <Button type="link" size="small" data-testid={`run-${c.name}`}>
                        立即执行
                      </Button>
                    </Popconfirm>
                  )}
                  {c.status === 'active' && (
                    <Button type="link" size="small" onClick={() => act(() => call('consoleCampaignStatus', { params: { id: c.id }, body: { status: 'paused' } }), '已暂停')}>
                      暂停
                    </Button>
                  )}
                  {c.status === 'paused' && (
                    <Button type="link" size="small" onClick={() => act(() => call('consoleCampaignStatus', { params: { id: c.id }, body: { status: 'active' } }), '已恢复')}>
                      恢复
                    </Button>
                  )}
                  {c.status !== 'ended' && (
                    <Popconfirm title="结束活动" description="结束后不再发放，也不能恢复；已发放的券和积分不受影响。" okText="结束" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => act(() => call('consoleCampaignStatus', { params: { id: c.id }, body: { status: 'ended' } }), '已结束')}>
                      <Button type="link" size="small" danger>
                        结束
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
          data-testid="campaigns-table"
        />
      )}
      <CampaignForm
        open={creating}
        segmentId={segmentId}
        onClose={() => {
          setCreating(false);
          if (segmentId) setParams({});
        }}
        onSaved={() => {
          setCreating(false);
          if (segmentId) setParams({});
          list.reload();
        }}
      />
      <CampaignDetail campaign={detail} onClose={() => setDetail(null)} />
    </Card>
  );
}

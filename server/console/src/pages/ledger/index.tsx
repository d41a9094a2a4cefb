/**
 * 账务核对: the ledger audit reports (nightly at 03:00 and 立即核对), each opened in a drawer with its findings;
 * a finding about a member links to the member's page (ledger, coupons, audit trail).
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Popconfirm, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { AuditFinding } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState, Loadable } from '../../components/states';
import { time } from '../../components/format';

const KIND: Record<string, string> = {
  points_balance_mismatch: '积分余额与流水合计不符',
  points_held_mismatch: '冻结积分与未结冻结不符',
  points_available_mismatch: '可用积分 ≠ 余额 − 冻结',
  points_stale_pending: '积分流水长时间未完成',
  points_stale_inflight: '会员上残留处理中的流水',
  coupon_locked_without_live_order: '优惠券锁定在已失效的订单上',
  seat_without_booking: '预约名额没有对应的预约',
};
const STATUS: Record<string, { text: string; color: string }> = {
  running: { text: '核对中', color: 'blue' },
  clean: { text: '无差异', color: 'green' },
  findings: { text: '有差异', color: 'red' },
  failed: { text: '未完成', color: 'orange' },
};
const TRIGGER: Record<string, string> = { admin: '手动', job: '每日自动', cli: '命令行' };

function Report({ auditId }: { auditId: string }) {
  const state = useApi((signal) => call('consoleLedgerAudit', { params: { auditId }, signal }), [auditId]);
  return (
    <Loadable state={state}>
      {(r) => (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="开始">{time(r.startedAt)}</Descriptions.Item>
            <Descriptions.Item label="结束">{r.finishedAt ? time(r.finishedAt) : '—'}</Descriptions.Item>
            <Descriptions.Item label="核对">{`会员 ${r.checked.members} · 优惠券 ${r.checked.coupons} · 名额 ${r.checked.seats}`}</Descriptions.Item>
            <Descriptions.Item label="差异">{Object.entries(r.counts).map(([k, n]) => `${KIND[k] ?? k} ${n}`).join('；') || '无'}</Descriptions.Item>
            {r.error && <Descriptions.Item label="错误">{r.error}</Descriptions.Item>}
          </Descriptions>
          <Table<AuditFinding>
            rowKey={(f) => `${f.kind}:${f.subject}:${f.detail}`}
            size="small"
            pagination={{ pageSize: 50 }}
            dataSource={r.findings}
            locale={{ emptyText: '没有差异' }}
            data-testid="ledger-findings"
            columns={[
              { title: '类型', dataIndex: 'kind', render: (k: string) => KIND[k] ?? k },
              { title: '会员', dataIndex: 'memberId', render: (m: string | null | undefined) => (m ? <Link to={`/members/${m}`}>查看会员</Link> : '—') },
              { title: '对象', dataIndex: 'subject' },
              { title: '应为', dataIndex: 'expected', align: 'right', render: (v: number | null) => v ?? '—' },
              { title: '实际', dataIndex: 'actual', align: 'right', render: (v: number | null) => v ?? '—' },
              { title: '说明', dataIndex: 'detail' },
            ]}
          />
        </>
      )}
    </Loadable>
  );
}

export function LedgerAuditPage() {
  const { message } = App.useApp();
  const state = useApi((signal) => call('consoleLedgerAudits', { query: { limit: 50 }, signal }), []);
  const [open, setOpen] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  async function runNow() {
    setRunning(true);
    try {
      const r = await call('consoleRunLedgerAudit');
      message[r.status === 'clean' ? 'success' : 'warning'](r.status === 'clean' ? '核对完成，没有差异' : '核对完成，发现差异');
      state.reload();
      setOpen(r.id);
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setRunning(false);
    }
  }

  return (
    <Card
      title="账务核对"
      extra={
        <Popconfirm title="立即核对全部会员的积分、优惠券和预约名额？" description="只读取数据、不做任何修改；会员多时需要几分钟。" okText="开始核对" cancelText="取消" onConfirm={runNow}>
          <Button type="primary" loading={running} data-testid="ledger-run">
            立即核对
          </Button>
        </Popconfirm>
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
          locale={{ emptyText: '还没有核对报告（每天 03:00 自动核对）' }}
          data-testid="ledger-audits"
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '开始时间', dataIndex: 'startedAt', render: time },
            { title: '方式', dataIndex: 'trigger', render: (t: string) => TRIGGER[t] ?? t },
            { title: '结果', dataIndex: 'status', render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.text ?? s}</Tag> },
            { title: '核对会员', dataIndex: ['checked', 'members'], align: 'right' },
            { title: '差异数', dataIndex: 'counts', align: 'right', render: (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0) },
          ]}
        />
      )}
      <Drawer title="核对报告" width={980} open={!!open} onClose={() => setOpen(null)} destroyOnClose>
        {open && <Report auditId={open} />}
      </Drawer>
    </Card>
  );
}

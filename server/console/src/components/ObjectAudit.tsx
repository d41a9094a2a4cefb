/** 修改记录: the audit trail of one object (who, when, what: before → after), opened from its page. */
import { useState } from 'react';
import { Button, Drawer, Table, Typography } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import type { ObjectAuditRow } from '@homeclub/shared';
import { call } from '../api/client';
import { useApi } from '../api/use-api';
import { ErrorState } from './states';
import { time } from './format';
import { actionText, auditValue, fieldText } from './audit-labels';

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The keys whose value differs between before and after, with both values. A key holding an object on both sides
 * (生命周期阈值, 免打扰时段) is opened into its own keys: `thresholds.lostDays`.
 */
export function changes(before: unknown, after: unknown): { key: string; from: unknown; to: unknown }[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || typeof a !== 'object') return [{ key: '值', from: before, to: after }];
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .flatMap((k) => {
      const from = b[k];
      const to = a[k];
      if (!isPlain(from) || !isPlain(to)) return [{ key: k, from, to }];
      return changes(from, to).map((c) => ({ ...c, key: `${k}.${c.key}` }));
    });
}

function Trail({ subject }: { subject: string }) {
  const state = useApi((signal) => call('consoleObjectAudit', { query: { subject }, signal }), [subject]);
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  return (
    <Table<ObjectAuditRow>
      rowKey="id"
      size="small"
      loading={state.loading}
      dataSource={state.data?.items ?? []}
      pagination={false}
      locale={{ emptyText: '暂无修改记录' }}
      data-testid="object-audit"
      columns={[
        { title: '时间', dataIndex: 'at', render: time, width: 140 },
        { title: '操作人', dataIndex: 'actorName', width: 90 },
        { title: '操作', dataIndex: 'action', width: 130, render: (a: string) => <span title={a}>{actionText(a)}</span> },
        {
          title: '修改前 → 修改后',
          render: (_: unknown, r) => {
            const diff = r.before === null && r.after === null ? [] : changes(r.before, r.after);
            if (!diff.length) return <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>{auditValue(r.detail)}</Typography.Text>;
            return diff.map((d) => (
              <div key={d.key} style={{ wordBreak: 'break-all' }}>
                <Typography.Text strong title={d.key}>
                  {fieldText(d.key)}
                </Typography.Text>：<Typography.Text delete>{auditValue(d.from, d.key)}</Typography.Text> →{' '}
                <Typography.Text>{auditValue(d.to, d.key)}</Typography.Text>
              </div>
            ));
          },
        },
      ]}
    />
  );
}

export function ObjectAuditButton({ subject, title = '修改记录' }: { subject: string; title?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<HistoryOutlined />} onClick={() => setOpen(true)} data-testid="object-audit-open">
        {title}
      </Button>
      <Drawer title={title} width={760} open={open} onClose={() => setOpen(false)} destroyOnClose>
        {open && <Trail subject={subject} />}
      </Drawer>
    </>
  );
}

/** 审计日志: who did what and when (console sign-ins, exports, refunds, adjustments…), paged by key. Chain admins only. */
import { useEffect, useState } from 'react';
import { Card, Input, Table } from 'antd';
import type { ConsoleAuditRow } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { Pager } from '../../components/Pager';
import { usePager } from '../../components/usePager';
import { time } from '../../components/format';
import { actionText, auditValue } from '../../components/audit-labels';

export function AuditPage() {
  const [action, setAction] = useState('');
  const pager = usePager();
  const { reset } = pager;
  useEffect(reset, [action, reset]);
  const state = useApi((signal) => call('consoleAudit', { query: { action: action || undefined, after: pager.after, limit: 30 }, signal }), [action, pager.after]);
  return (
    <Card title="审计日志" extra={<Input.Search allowClear placeholder="按操作代码筛选，如 console.export（导出数据）" style={{ width: 280 }} onSearch={(v) => setAction(v.trim())} />}>
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <>
          <Table<ConsoleAuditRow>
            rowKey="id"
            loading={state.loading}
            dataSource={state.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: '暂无记录' }}
            data-testid="audit-table"
            tableLayout="fixed"
            columns={[
              { title: '时间', dataIndex: 'at', render: time, width: 170 },
              { title: '操作人', dataIndex: 'actorName', width: 140 },
              { title: '操作', dataIndex: 'action', width: 160, render: (a: string) => <span title={a}>{actionText(a)}</span> },
              {
                title: '详情',
                dataIndex: 'detail',
                render: (v: unknown) => <span style={{ wordBreak: 'break-all', color: 'rgba(0,0,0,0.65)' }}>{auditValue(v)}</span>,
              },
            ]}
          />
          <Pager pager={pager} next={state.data?.next} />
        </>
      )}
    </Card>
  );
}

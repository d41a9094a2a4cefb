/** 对账: daily WeChat Pay reconciliation reports (ours vs the trade bill) and payment anomalies. Chain admins only. */
import { Card, Table, Tag } from 'antd';
import type { ReconciliationReport } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { time, yuan } from '../../components/format';

const STATUS: Record<string, { text: string; color: string }> = {
  matched: { text: '一致', color: 'green' },
  differences: { text: '有差异', color: 'red' },
  no_bill: { text: '无账单', color: 'default' },
};

export function ReconciliationPage() {
  const reports = useApi((signal) => call('consoleReconciliations', { signal }), []);
  const anomalies = useApi((signal) => call('consoleAnomalies', { signal }), []);
  return (
    <>
      <Card title="微信支付对账" style={{ marginBottom: 16 }}>
        <Loadable state={reports}>
          {(d) => (
            <Table<ReconciliationReport>
              rowKey="date"
              dataSource={d.items}
              pagination={{ pageSize: 15 }}
              locale={{ emptyText: '还没有对账单（每天 10 点核对前一天）' }}
              expandable={{
                rowExpandable: (r) => r.differences.length > 0,
                expandedRowRender: (r) => <pre style={{ margin: 0 }}>{JSON.stringify(r.differences, null, 2)}</pre>,
              }}
              columns={[
                { title: '日期', dataIndex: 'date' },
                { title: '结果', dataIndex: 'status', render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.text ?? s}</Tag> },
                { title: '微信 收款', render: (_: unknown, r) => `${r.remote.payments} 笔 / ${yuan(r.remote.paymentsFen)}` },
                { title: '本地 收款', render: (_: unknown, r) => `${r.local.payments} 笔 / ${yuan(r.local.paymentsFen)}` },
                { title: '微信 退款', render: (_: unknown, r) => `${r.remote.refunds} 笔 / ${yuan(r.remote.refundsFen)}` },
                { title: '本地 退款', render: (_: unknown, r) => `${r.local.refunds} 笔 / ${yuan(r.local.refundsFen)}` },
                { title: '差异', render: (_: unknown, r) => r.differences.length },
                { title: '生成时间', dataIndex: 'generatedAt', render: time },
              ]}
            />
          )}
        </Loadable>
      </Card>
      <Card title="支付异常">
        <Loadable state={anomalies}>
          {(d) => (
            <Table
              rowKey="id"
              dataSource={d.items}
              pagination={{ pageSize: 15 }}
              locale={{ emptyText: '没有支付异常' }}
              columns={[
                { title: '时间', dataIndex: 'at', render: time },
                { title: '类型', dataIndex: 'kind' },
                { title: '商户订单号', dataIndex: 'outTradeNo' },
                { title: '退款单号', dataIndex: 'outRefundNo' },
                { title: '详情', dataIndex: 'detail' },
              ]}
            />
          )}
        </Loadable>
      </Card>
    </>
  );
}

/** 批量发券: paste phones or card numbers, issue, then a per-line report (issued / skipped with the reason / not found). */
import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Table, Tag } from 'antd';
import { parseRecipients, type ConsoleIssueReport, type TemplateView } from '@homeclub/shared';
import { call } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';

const OUTCOME: Record<string, { text: string; color: string }> = {
  issued: { text: '已发放', color: 'green' },
  skipped: { text: '未发放', color: 'orange' },
  not_found: { text: '未找到会员', color: 'red' },
  ambiguous: { text: '对应多位会员', color: 'red' },
  invalid: { text: '格式不正确', color: 'red' },
  duplicate: { text: '重复', color: 'default' },
};

export function IssueModal({ template, onClose }: { template: TemplateView; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const text = Form.useWatch('text', form) ?? '';
  const [report, setReport] = useState<ConsoleIssueReport | null>(null);
  const [sending, setSending] = useState(false);
  // One batch key per opened dialog: pressing 发放 again after a network error issues nothing twice.
  const [batchKey] = useState(() => `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`);
  const lines = parseRecipients(text);

  async function issue(v: { text: string }) {
    setSending(true);
    try {
      const r = await call('consoleIssueCoupons', { params: { templateId: template.id }, body: { text: v.text, batchKey } });
      setReport(r);
      message.success(`已发放 ${r.issued} 张`);
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      title={`批量发券：${template.name}`}
      open
      width={720}
      onCancel={onClose}
      onOk={() => (report ? onClose() : form.submit())}
      okText={report ? '完成' : `发放给 ${lines.filter((l) => l.kind === 'phone' || l.kind === 'card').length} 位`}
      confirmLoading={sending}
    >
      {report ? (
        <>
          <Alert type={report.failed ? 'warning' : 'success'} showIcon message={`发放成功 ${report.issued} 张，未发放 ${report.failed} 行`} style={{ marginBottom: 12 }} />
          <Table
            size="small"
            rowKey={(_, i) => String(i)}
            dataSource={report.rows}
            pagination={{ pageSize: 10 }}
            data-testid="issue-report"
            columns={[
              { title: '输入', dataIndex: 'input' },
              { title: '会员', dataIndex: 'nickname', render: (v: string | null) => v ?? '—' },
              { title: '结果', dataIndex: 'outcome', render: (v: string) => <Tag color={OUTCOME[v].color}>{OUTCOME[v].text}</Tag> },
              { title: '原因', dataIndex: 'message', render: (v: string | null) => v ?? '' },
            ]}
          />
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={issue}>
          <Form.Item name="text" label="手机号或会员卡号" rules={[{ required: true, message: '请粘贴手机号或会员卡号' }]} extra="每行一个，或用逗号、空格分隔；最多 1000 个。发放后逐行显示结果。">
            <Input.TextArea rows={8} placeholder={'13800000000\n1000000001'} data-testid="issue-text" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

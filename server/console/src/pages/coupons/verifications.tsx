/** 核销记录: verifications by store (the header's store filter), newest first; 撤销 within 10 minutes (asks first). */
import { useEffect } from 'react';
import { App, Button, Card, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import type { ResponseOf } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { Pager } from '../../components/Pager';
import { usePager } from '../../components/usePager';
import { time } from '../../components/format';
import { useStoreFilter } from '../../session';

type Row = ResponseOf<'consoleVerifications'>['items'][number];

export function VerificationsPage() {
  const { message, modal } = App.useApp();
  const storeId = useStoreFilter();
  const pager = usePager();
  const { reset } = pager;
  useEffect(reset, [storeId, reset]);
  const state = useApi((signal) => call('consoleVerifications', { query: { storeId, after: pager.after, limit: 20 }, signal }), [storeId, pager.after]);

  function undo(v: Row) {
    modal.confirm({
      title: '撤销这次核销？',
      content: `「${v.couponName}」将恢复为可用，顾客（${v.memberNickname}）可以再次使用；只能在核销后 10 分钟内撤销。`,
      okText: '撤销核销',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await call('consoleUndoVerification', { params: { verificationId: v.id } });
          message.success('已撤销，券已恢复可用');
          state.reload();
        } catch (err) {
          message.error(messageOf(err));
        }
      },
    });
  }

  return (
    <Card title="核销记录">
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <>
          <Table<Row>
            rowKey="id"
            loading={state.loading}
            dataSource={state.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: '暂无核销记录' }}
            data-testid="verifications-table"
            columns={[
              { title: '时间', dataIndex: 'at', render: time, width: 160 },
              { title: '门店', dataIndex: 'storeName' },
              { title: '券', dataIndex: 'couponName' },
              { title: '顾客', dataIndex: 'memberNickname' },
              {
                title: '状态',
                render: (_: unknown, v) =>
                  v.undoneAt ? <Tag>已撤销 {time(v.undoneAt)}</Tag> : <Tag color="green">已核销</Tag>,
              },
              {
                title: '操作',
                render: (_: unknown, v) =>
                  !v.undoneAt && dayjs(v.undoableUntil).isAfter(dayjs()) && (
                    <Button size="small" danger onClick={() => undo(v)}>
                      撤销
                    </Button>
                  ),
              },
            ]}
          />
          <Pager pager={pager} next={state.data?.next} />
        </>
      )}
    </Card>
  );
}

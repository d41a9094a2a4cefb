import { Button, Space, Typography } from 'antd';
import type { usePager } from './usePager';

export function Pager({ pager, next }: { pager: ReturnType<typeof usePager>; next: string | null | undefined }) {
  return (
    <Space style={{ marginTop: 16, justifyContent: 'flex-end', width: '100%' }}>
      <Typography.Text type="secondary">第 {pager.page} 页</Typography.Text>
      <Button disabled={pager.page <= 1} onClick={pager.prev}>
        上一页
      </Button>
      <Button disabled={!next} onClick={() => next && pager.next(next)} data-testid="pager-next">
        下一页
      </Button>
    </Space>
  );
}

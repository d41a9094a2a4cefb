/** 概览: placeholder until the dashboard on daily rollups replaces this file. */
import { Card, Typography } from 'antd';
import { useSession } from '../../session';

export function DashboardPage() {
  const { user, storeName, storeId } = useSession();
  return (
    <Card title="概览" data-testid="dashboard-placeholder">
      <Typography.Paragraph>
        欢迎，{user.nickname}。当前门店：{storeName(storeId)}。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">经营概览图表即将上线。</Typography.Paragraph>
    </Card>
  );
}

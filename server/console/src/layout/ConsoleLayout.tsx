/** Pro-style shell: left menu from routes.tsx, header with store filter and the operator. */
import { Avatar, Button, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import { LogoutOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { consoleRoutes } from '../routes';
import { useSession } from '../session';

const ALL = '__all__';

export function ConsoleLayout() {
  const { user, stores, storeId, setStoreId, storeName, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const visible = consoleRoutes.filter((r) => !r.hidden && (!r.adminOnly || user.role === 'admin'));
  const current = visible.find((r) => location.pathname === `/${r.path}` || location.pathname.startsWith(`/${r.path}/`))?.path;
  return (
    <Layout style={{ minHeight: '100vh', minWidth: 1280 }}>
      <Layout.Sider width={208} theme="dark">
        <div
          style={{
            height: 64,
            display: 'flex',
            alignItems: 'center',
            padding: '0 24px',
            color: '#fff',
            fontSize: 18,
            fontWeight: 600,
          }}
        >
          HomeClub 后台
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={current ? [current] : []}
          items={visible.map((r) => ({ key: r.path, icon: r.icon, label: r.label }))}
          onClick={({ key }) => navigate(`/${key}`)}
          data-testid="console-menu"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            boxShadow: '0 1px 4px rgba(0,21,41,.08)',
          }}
        >
          <Space>
            <ShopOutlined />
            {user.role === 'admin' ? (
              <Select
                data-testid="store-filter"
                style={{ width: 200 }}
                value={storeId ?? ALL}
                onChange={(v: string) => setStoreId(v === ALL ? null : v)}
                options={[{ value: ALL, label: '全部门店' }, ...stores.map((s) => ({ value: s.id, label: s.name }))]}
              />
            ) : (
              <Typography.Text data-testid="store-fixed">{storeName(storeId)}</Typography.Text>
            )}
          </Space>
          <Space>
            <Avatar size="small" icon={<UserOutlined />} />
            <Typography.Text data-testid="console-user">{user.nickname}</Typography.Text>
            <Tag color={user.role === 'admin' ? 'gold' : 'blue'}>
              {user.role === 'admin' ? '连锁管理员' : `店长 · ${user.storeName ?? ''}`}
            </Tag>
            <Button type="text" icon={<LogoutOutlined />} onClick={() => void signOut()}>
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

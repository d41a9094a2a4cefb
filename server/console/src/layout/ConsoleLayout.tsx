/** Pro-style shell: left menu from routes.tsx, header with store filter and the operator. */
import { Avatar, Button, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import { LogoutOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { ReactNode } from 'react';
import { consoleRoutes, type ConsoleRoute } from '../routes';
import { useSession } from '../session';

const ALL = '__all__';

type MenuItem = { key: string; icon?: ReactNode; label: string; children?: MenuItem[] };
/** Routes in order; those with a `group` become one submenu per group, where the group first appears. */
function menuItems(routes: ConsoleRoute[]): MenuItem[] {
  const items: MenuItem[] = [];
  for (const r of routes) {
    if (!r.group) {
      items.push({ key: r.path, icon: r.icon, label: r.label });
      continue;
    }
    let group = items.find((i) => i.key === `group:${r.group}`);
    if (!group) items.push((group = { key: `group:${r.group}`, icon: r.icon, label: r.group, children: [] }));
    group.children!.push({ key: r.path, label: r.label });
  }
  return items;
}

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
          defaultOpenKeys={visible.filter((r) => r.group && r.path === current).map((r) => `group:${r.group}`)}
          items={menuItems(visible)}
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

/**
 * 员工与权限: everyone with a staff role (admins: every store, or the header's store; managers: their own store),
 * 添加员工 by phone, 修改角色/门店, 移除 (asks first, effective on the person's next request), and the table
 * of who can do what.
 */
import { useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Tabs, Tag, type ButtonProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ROLE_PERMISSIONS, STAFF_ROLE_LABEL, type ConsoleStaffRow } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorState } from '../../components/states';
import { useSession, useStoreFilter } from '../../session';
import { StaffForm, type StaffFormTarget } from './StaffForm';

const ROLE_COLOR: Record<string, string> = { admin: 'red', manager: 'gold', clerk: 'blue' };

function PermissionTable() {
  const cell = (v: boolean | string) => (v === true ? <Tag color="green">可以</Tag> : v === false ? <Tag>不可以</Tag> : <Tag color="blue">{v}</Tag>);
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={ROLE_PERMISSIONS}
      data-testid="role-permissions"
      columns={[
        { title: '权限', dataIndex: 'label' },
        ...(['clerk', 'manager', 'admin'] as const).map((r) => ({ title: STAFF_ROLE_LABEL[r], width: 160, render: (_: unknown, p: (typeof ROLE_PERMISSIONS)[number]) => cell(p.roles[r]) })),
      ]}
    />
  );
}

export function StaffPage() {
  const { user, stores } = useSession();
  const storeId = useStoreFilter();
  const { message } = App.useApp();
  const state = useApi((signal) => call('consoleStaff', { query: { storeId }, signal }), [storeId]);
  const [target, setTarget] = useState<StaffFormTarget | null>(null);
  const isAdmin = user.role === 'admin';
  const storeOptions = stores.map((s) => ({ value: s.id, label: s.name }));

  async function remove(r: ConsoleStaffRow) {
    try {
      await call('consoleRemoveStaff', { params: { memberId: r.memberId } });
      message.success(`已移除 ${r.nickname}`);
      state.reload();
    } catch (err) {
      message.error(messageOf(err));
    }
  }

  const mayEdit = (r: ConsoleStaffRow) => isAdmin || (r.role === 'clerk' && r.storeId === user.storeId);
  const list = state.error ? (
    <ErrorState error={state.error} onRetry={state.reload} />
  ) : (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'add' })} data-testid="staff-add">
          添加员工
        </Button>
      </Space>
      <Table<ConsoleStaffRow>
        rowKey="memberId"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '还没有员工，点「添加员工」按手机号添加' }}
        data-testid="staff-table"
        columns={[
          { title: '姓名', dataIndex: 'nickname' },
          { title: '手机号', dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
          { title: '角色', dataIndex: 'role', render: (v: ConsoleStaffRow['role']) => <Tag color={ROLE_COLOR[v]}>{STAFF_ROLE_LABEL[v]}</Tag> },
          { title: '门店', dataIndex: 'storeName', render: (v: string | null, r) => (r.role === 'admin' ? '所有门店' : (v ?? '—')) },
          {
            title: '操作',
            width: 200,
            render: (_: unknown, r) =>
              mayEdit(r) && (
                <Space>
                  <Button size="small" onClick={() => setTarget({ mode: 'edit', row: r })} data-testid={`staff-edit-${r.memberId}`}>
                    修改角色
                  </Button>
                  <Popconfirm
                    title={`移除员工「${r.nickname}」？`}
                    description={`移除后，${r.nickname} 的${r.role === 'clerk' ? '门店工作台' : '运营后台和门店工作台'}权限立即失效（下一次操作即被拒绝），会员身份和积分不受影响。`}
                    okText="移除"
                    okButtonProps={{ danger: true, 'data-testid': 'staff-remove-ok' } as ButtonProps}
                    cancelText="取消"
                    onConfirm={() => remove(r)}
                  >
                    <Button size="small" danger data-testid={`staff-remove-${r.memberId}`}>
                      移除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
    </>
  );

  return (
    <Card title="员工与权限">
      <Tabs
        items={[
          { key: 'staff', label: '员工', children: list },
          { key: 'roles', label: '角色权限说明', children: <PermissionTable /> },
        ]}
      />
      {target && (
        <StaffForm
          target={target}
          isAdmin={isAdmin}
          ownStoreId={user.storeId}
          storeOptions={storeOptions}
          onClose={() => setTarget(null)}
          onSaved={() => {
            setTarget(null);
            state.reload();
          }}
        />
      )}
    </Card>
  );
}


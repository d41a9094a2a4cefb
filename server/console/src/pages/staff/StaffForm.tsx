/** 添加员工 / 修改角色: phone (when adding), role and store; server field errors shown at the field. */
import { App, Form, Input, Modal, Radio, Select, type ButtonProps } from 'antd';
import { STAFF_ROLE_LABEL, type ConsoleStaffRole, type ConsoleStaffRow } from '@homeclub/shared';
import { call } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';

export type StaffFormTarget = { mode: 'add' } | { mode: 'edit'; row: ConsoleStaffRow };

interface Values {
  phone?: string;
  role: ConsoleStaffRole;
  storeId?: string | null;
}

export function StaffForm(props: {
  target: StaffFormTarget;
  isAdmin: boolean;
  ownStoreId: string | null;
  storeOptions: { value: string; label: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const editing = props.target.mode === 'edit' ? props.target.row : null;
  const roles: ConsoleStaffRole[] = props.isAdmin ? ['clerk', 'manager', 'admin'] : ['clerk'];
  const initial: Values = editing
    ? { role: editing.role, storeId: editing.storeId }
    : { role: 'clerk', storeId: props.isAdmin ? undefined : props.ownStoreId };

  async function save(v: Values) {
    const storeId = v.role === 'admin' ? null : (v.storeId ?? null);
    try {
      if (editing) await call('consoleAssignStaff', { params: { memberId: editing.memberId }, body: { role: v.role, storeId } });
      else await call('consoleAddStaff', { body: { phone: (v.phone ?? '').trim(), role: v.role, storeId } });
      message.success(editing ? '已修改，立即生效' : '员工已添加，立即生效');
      props.onSaved();
    } catch (err) {
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    }
  }

  return (
    <Modal
      open
      title={editing ? `修改角色：${editing.nickname}` : '添加员工'}
      okText={editing ? '保存' : '添加'}
      cancelText="取消"
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'staff-form-ok' } as ButtonProps}
      destroyOnClose
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save}>
        {!editing && (
          <Form.Item name="phone" label="手机号" extra="对方需先在小程序注册并绑定手机号" rules={[{ required: true, pattern: /^1\d{10}$/, message: '请填写 11 位手机号' }]}>
            <Input maxLength={11} placeholder="11 位手机号" data-testid="staff-phone" />
          </Form.Item>
        )}
        <Form.Item name="role" label="角色" rules={[{ required: true }]}>
          <Radio.Group data-testid="staff-role">
            {roles.map((r) => (
              <Radio.Button key={r} value={r} data-testid={`staff-role-${r}`}>
                {STAFF_ROLE_LABEL[r]}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {role !== 'admin' && (
          <Form.Item name="storeId" label="门店" rules={[{ required: true, message: '请选择门店' }]}>
            <Select options={props.storeOptions} disabled={!props.isAdmin} placeholder="选择门店" data-testid="staff-store" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

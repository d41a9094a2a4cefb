/**
 * Who can do what: the console's role → permission table (员工与权限). The server enforces these in
 * platform/auth/guard.ts and each route; this table is what the console shows, kept next to the roles.
 */
import type { ConsoleStaffRole } from './schemas/console-staff';

export const STAFF_ROLE_LABEL: Record<ConsoleStaffRole, string> = { clerk: '店员', manager: '店长', admin: '连锁管理员' };

export interface RolePermission {
  key: string;
  label: string;
  roles: Record<ConsoleStaffRole, boolean | string>;
}

export const ROLE_PERMISSIONS: RolePermission[] = [
  { key: 'till', label: '收银、扫码核销、到店签到、合伙人报备（小程序门店工作台）', roles: { clerk: '本店', manager: '本店', admin: '所有门店' } },
  { key: 'console', label: '登录运营后台', roles: { clerk: false, manager: true, admin: true } },
  { key: 'views', label: '会员、订单、预约、核销记录', roles: { clerk: false, manager: '本店', admin: '所有门店' } },
  { key: 'store', label: '门店营业时间与预约服务', roles: { clerk: false, manager: '本店', admin: '所有门店' } },
  { key: 'staff', label: '员工管理', roles: { clerk: false, manager: '本店店员', admin: '全部（含店长、管理员）' } },
  { key: 'settings', label: '会员设置、优惠券、合伙人、消息模板、首页内容', roles: { clerk: false, manager: false, admin: true } },
  { key: 'points', label: '积分调整（大额需另一位管理员审批）', roles: { clerk: false, manager: false, admin: true } },
  { key: 'finance', label: '对账、账务核对、审计日志、POS 密钥', roles: { clerk: false, manager: false, admin: true } },
];

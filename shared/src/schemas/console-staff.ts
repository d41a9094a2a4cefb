/**
 * Console: staff and roles (员工与权限). A console role is what a member's roles make them:
 * clerk (店员: staff of a store), manager (店长: staff + manager of that store), admin (连锁管理员, every store).
 */
import { z } from 'zod';
import { objectId } from './common';

export const consoleStaffRole = z.enum(['clerk', 'manager', 'admin']);
export type ConsoleStaffRole = z.infer<typeof consoleStaffRole>;

export const consoleStaffRow = z.object({
  memberId: z.string(),
  nickname: z.string(),
  phoneMasked: z.string().nullable(),
  role: consoleStaffRole,
  storeId: z.string().nullable(),
  storeName: z.string().nullable(),
});
export type ConsoleStaffRow = z.infer<typeof consoleStaffRow>;

export const consoleStaffQuery = z.object({ storeId: objectId.optional() });
export const consoleStaffList = z.object({ items: z.array(consoleStaffRow) });

const mobile = z.string().trim().regex(/^1\d{10}$/, '请填写 11 位手机号');
/** A store is needed for clerks and managers; admins act for every store (a store given is ignored). */
export const consoleStaffAssign = z
  .object({ role: consoleStaffRole, storeId: objectId.nullable().optional() })
  .superRefine((v, ctx) => {
    if (v.role !== 'admin' && !v.storeId) ctx.addIssue({ code: 'custom', path: ['storeId'], message: '店员和店长需要选择门店' });
  });
export const consoleStaffAdd = z
  .object({ phone: mobile, role: consoleStaffRole, storeId: objectId.nullable().optional() })
  .superRefine((v, ctx) => {
    if (v.role !== 'admin' && !v.storeId) ctx.addIssue({ code: 'custom', path: ['storeId'], message: '店员和店长需要选择门店' });
  });
export type ConsoleStaffAdd = z.infer<typeof consoleStaffAdd>;
export const consoleStaffParams = z.object({ memberId: objectId });

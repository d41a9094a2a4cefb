/** Console: staff and roles (员工与权限; see ../api.ts). Admins manage everyone, store managers their own store's clerks. */
import { route } from './route';
import { okResponse } from '../schemas/common';
import { consoleStaffAdd, consoleStaffAssign, consoleStaffList, consoleStaffParams, consoleStaffQuery, consoleStaffRow } from '../schemas/console-staff';

export const consoleStaffRoutes = {
  consoleStaff: route({
    method: 'GET', path: '/api/console/staff', tag: 'console', access: 'console',
    summary: '后台：员工列表（管理员、店长、店员；店长只看本店）',
    query: consoleStaffQuery, response: consoleStaffList,
  }),
  consoleAddStaff: route({
    method: 'POST', path: '/api/console/staff', tag: 'console', access: 'console', status: 201,
    summary: '后台：按手机号添加员工（店员、店长或管理员；店长只能添加本店店员，只有管理员能任命管理员）',
    body: consoleStaffAdd, response: consoleStaffRow,
  }),
  consoleAssignStaff: route({
    method: 'PUT', path: '/api/console/staff/:memberId', tag: 'console', access: 'console',
    summary: '后台：修改员工的角色或门店（立即生效；最后一位管理员不能降级）',
    params: consoleStaffParams, body: consoleStaffAssign, response: consoleStaffRow,
  }),
  consoleRemoveStaff: route({
    method: 'DELETE', path: '/api/console/staff/:memberId', tag: 'console', access: 'console',
    summary: '后台：移除员工（后台和门店工作台权限在下一次请求时即失效；最后一位管理员不能移除）',
    params: consoleStaffParams, response: okResponse,
  }),
} as const;

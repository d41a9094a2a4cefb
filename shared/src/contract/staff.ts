/** The staff routes of the API contract (see ../api.ts). */
import { route } from './route';
import { createStaffRequest, staffListResponse, staffParams, staffView } from '../schemas/staff';
import { okResponse } from '../schemas/common';
import { memberCodeResolveRequest, memberCodeResolveResponse } from '../schemas/membership';

export const staffRoutes = {
  staffMe: route({
    method: 'GET',
    path: '/api/staff/me',
    tag: 'staff',
    access: 'staff',
    summary: '当前店员及其门店',
    response: staffView,
  }),
  adminListStaff: route({
    method: 'GET',
    path: '/api/admin/staff',
    tag: 'admin',
    access: 'admin',
    summary: '全部店员及其门店',
    response: staffListResponse,
  }),
  adminCreateStaff: route({
    method: 'POST',
    path: '/api/admin/staff',
    tag: 'admin',
    access: 'admin',
    status: 201,
    summary: '将已有会员设为门店店员',
    body: createStaffRequest,
    response: staffView,
  }),
  adminRemoveStaff: route({
    method: 'DELETE',
    path: '/api/admin/staff/:memberId',
    tag: 'admin',
    access: 'admin',
    summary: '移除会员的店员角色',
    params: staffParams,
    response: okResponse,
  }),
  staffResolveMemberCode: route({
    method: 'POST',
    path: '/api/staff/member-code/resolve',
    tag: 'staff',
    access: 'staff',
    summary: '识别扫到的会员码，返回会员卡摘要',
    body: memberCodeResolveRequest,
    response: memberCodeResolveResponse,
  }),
} as const;

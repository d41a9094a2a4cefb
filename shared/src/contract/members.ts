/** The members routes of the API contract (see ../api.ts). */
import { z } from 'zod';
import { route } from './route';
import { memberView } from '../schemas/auth';
import { memberLookupQuery, memberLookupResponse } from '../schemas/staff';
import { membershipSettings, updateMembershipSettings } from '../schemas/membership';

export const membersRoutes = {
  me: route({
    method: 'GET',
    path: '/api/me',
    tag: 'members',
    access: 'member',
    summary: '当前登录的会员',
    response: memberView,
  }),
  myPhone: route({
    method: 'GET',
    path: '/api/me/phone',
    tag: 'members',
    access: 'member',
    summary: '我绑定的完整手机号（仅本人，用于预约表单预填）',
    response: z.object({ phone: z.string().nullable() }),
  }),
  adminFindMembers: route({
    method: 'GET',
    path: '/api/admin/members',
    tag: 'admin',
    access: 'admin',
    summary: '按手机号或 ID 查找会员',
    query: memberLookupQuery,
    response: memberLookupResponse,
  }),
  adminMembershipSettings: route({
    method: 'GET',
    path: '/api/admin/membership/settings',
    tag: 'admin',
    access: 'admin',
    summary: '会员设置：等级、成长值比例、评定日、积分有效期',
    response: membershipSettings,
  }),
  adminUpdateMembershipSettings: route({
    method: 'PUT',
    path: '/api/admin/membership/settings',
    tag: 'admin',
    access: 'admin',
    summary: '替换等级与会员设置',
    body: updateMembershipSettings,
    response: membershipSettings,
  }),
} as const;

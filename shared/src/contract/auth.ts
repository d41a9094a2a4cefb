/** The auth routes of the API contract (see ../api.ts). */
import { route } from './route';
import { loginRequest, memberView, phoneBindRequest, refreshRequest, sessionResponse } from '../schemas/auth';
import { okResponse } from '../schemas/common';

export const authRoutes = {
  login: route({
    method: 'POST',
    path: '/api/auth/login',
    tag: 'auth',
    access: 'public',
    summary: '用 wx.login 的 code 换取会话（首次登录时创建会员）',
    body: loginRequest,
    response: sessionResponse,
  }),
  refresh: route({
    method: 'POST',
    path: '/api/auth/refresh',
    tag: 'auth',
    access: 'public',
    summary: '用刷新令牌换新会话（每个刷新令牌只能用一次）',
    body: refreshRequest,
    response: sessionResponse,
  }),
  logout: route({
    method: 'POST',
    path: '/api/auth/logout',
    tag: 'auth',
    access: 'public',
    summary: '注销刷新令牌（退出登录）',
    body: refreshRequest,
    response: okResponse,
  }),
  bindPhone: route({
    method: 'POST',
    path: '/api/auth/phone',
    tag: 'auth',
    access: 'member',
    summary: '用 getPhoneNumber 的 code 绑定手机号',
    body: phoneBindRequest,
    response: memberView,
  }),
} as const;

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
    summary: 'Exchange a wx.login code for a session (creates the member on first login)',
    body: loginRequest,
    response: sessionResponse,
  }),
  refresh: route({
    method: 'POST',
    path: '/api/auth/refresh',
    tag: 'auth',
    access: 'public',
    summary: 'Rotate a refresh token into a new session (each refresh token works once)',
    body: refreshRequest,
    response: sessionResponse,
  }),
  logout: route({
    method: 'POST',
    path: '/api/auth/logout',
    tag: 'auth',
    access: 'public',
    summary: 'Revoke a refresh token',
    body: refreshRequest,
    response: okResponse,
  }),
  bindPhone: route({
    method: 'POST',
    path: '/api/auth/phone',
    tag: 'auth',
    access: 'member',
    summary: 'Bind the phone number from a getPhoneNumber code',
    body: phoneBindRequest,
    response: memberView,
  }),
} as const;

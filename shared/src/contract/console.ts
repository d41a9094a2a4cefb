/** The operator console's sign-in routes (see ../api.ts). Console data routes live in console-*.ts. */
import { route } from './route';
import { okResponse } from '../schemas/common';
import {
  consolePollRequest,
  consolePollResponse,
  consoleSessionResponse,
  consoleTicketParams,
  consoleTicketResponse,
  staffConsoleTicketView,
} from '../schemas/console';

export const consoleRoutes = {
  consoleSession: route({
    method: 'GET',
    path: '/api/console/session',
    tag: 'console',
    access: 'console',
    summary: '后台：当前登录的管理员或店长',
    response: consoleSessionResponse,
  }),
  consoleLoginTicket: route({
    method: 'POST',
    path: '/api/console/login-tickets',
    tag: 'console',
    access: 'public',
    summary: '后台：生成扫码登录二维码（2 分钟内有效，只能使用一次）',
    response: consoleTicketResponse,
    status: 201,
  }),
  consoleLoginPoll: route({
    method: 'POST',
    path: '/api/console/login-tickets/:ticketId/poll',
    tag: 'console',
    access: 'public',
    summary: '后台：轮询扫码结果，确认后写入登录 Cookie',
    params: consoleTicketParams,
    body: consolePollRequest,
    response: consolePollResponse,
  }),
  consoleDemoLogin: route({
    method: 'POST',
    path: '/api/console/demo-login',
    tag: 'console',
    access: 'public',
    summary: '后台：演示管理员登录（仅模拟模式）',
    response: consoleSessionResponse,
  }),
  consoleLogout: route({
    method: 'POST',
    path: '/api/console/logout',
    tag: 'console',
    access: 'console',
    summary: '后台：退出登录（会话作废）',
    response: okResponse,
  }),
  staffConsoleTicket: route({
    method: 'GET',
    path: '/api/staff/console-login/:ticketId',
    tag: 'console',
    access: 'staff',
    summary: '小程序：查看扫到的后台登录请求',
    params: consoleTicketParams,
    response: staffConsoleTicketView,
  }),
  staffConsoleConfirm: route({
    method: 'POST',
    path: '/api/staff/console-login/:ticketId/confirm',
    tag: 'console',
    access: 'staff',
    summary: '小程序：确认登录后台（仅管理员和店长）',
    params: consoleTicketParams,
    response: staffConsoleTicketView,
  }),
} as const;

/** Console II: coupon templates, pause / resume, batch issue with a report, the verification log with undo (see ../api.ts). */
import { z } from 'zod';
import { route } from './route';
import { templateIdParams, templateInput, templateUpdate, templateView, verificationIdParams, verificationView } from '../schemas/coupons';
import { consoleIssueReport, consoleIssueRequest, consoleVerificationsQuery, consoleVerificationsResponse } from '../schemas/console-admin';

export const consoleCouponsRoutes = {
  consoleCouponTemplates: route({
    method: 'GET', path: '/api/console/coupons/templates', tag: 'console', access: 'console',
    summary: '后台：优惠券模板列表（含已领数量、状态；仅连锁管理员）',
    response: z.object({ items: z.array(templateView) }),
  }),
  consoleCreateCouponTemplate: route({
    method: 'POST', path: '/api/console/coupons/templates', tag: 'console', access: 'console', status: 201,
    summary: '后台：新建优惠券模板（满减 / 折扣 / 无门槛 / 兑换；范围、库存、每人限领、领取时间、有效期、渠道）',
    body: templateInput, response: templateView,
  }),
  consoleUpdateCouponTemplate: route({
    method: 'PATCH', path: '/api/console/coupons/templates/:templateId', tag: 'console', access: 'console',
    summary: '后台：修改模板、暂停或恢复发放（已领的券保留原条款，库存不会重置）',
    params: templateIdParams, body: templateUpdate, response: templateView,
  }),
  consoleIssueCoupons: route({
    method: 'POST', path: '/api/console/coupons/templates/:templateId/issue', tag: 'console', access: 'console',
    summary: '后台：按粘贴的手机号或会员卡号批量发券（每行结果报告；同一批次号重试不会重复发放）',
    params: templateIdParams, body: consoleIssueRequest, response: consoleIssueReport,
  }),
  consoleVerifications: route({
    method: 'GET', path: '/api/console/coupons/verifications', tag: 'console', access: 'console',
    summary: '后台：核销记录（店长只看本店；按键分页）',
    query: consoleVerificationsQuery, response: consoleVerificationsResponse,
  }),
  consoleUndoVerification: route({
    method: 'POST', path: '/api/console/coupons/verifications/:verificationId/undo', tag: 'console', access: 'console',
    summary: '后台：撤销核销（10 分钟内；券恢复为可用）',
    params: verificationIdParams, response: verificationView,
  }),
} as const;

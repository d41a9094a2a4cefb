/**
 * Stable error codes: the code and HTTP status are the contract, the Chinese
 * message is what a shopper or clerk sees. English detail goes to the logs only.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的信息有误，请检查后重试' },
  INVALID_JSON: { status: 400, message: '请求格式有误' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求格式不支持，请使用 JSON' },
  BODY_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  NOT_FOUND: { status: 404, message: '请求的内容不存在' },
  AUTH_REQUIRED: { status: 401, message: '请先登录' },
  AUTH_TOKEN_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  AUTH_TOKEN_INVALID: { status: 401, message: '登录状态无效，请重新登录' },
  AUTH_REFRESH_INVALID: { status: 401, message: '登录状态已失效，请重新登录' },
  AUTH_CODE_INVALID: { status: 400, message: '登录凭证无效或已使用，请重新登录' },
  AUTH_WECHAT_BLOCKED: { status: 403, message: '当前微信账号存在风险，暂时无法登录' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  ROLE_REQUIRED: { status: 403, message: '该功能仅限门店员工或管理员使用' },
  STORE_SCOPE: { status: 403, message: '只能操作本门店的数据' },
  PHONE_CODE_INVALID: { status: 400, message: '手机号授权已失效，请重新授权' },
  MEMBER_NOT_FOUND: { status: 404, message: '会员不存在' },
  STORE_NOT_FOUND: { status: 404, message: '门店不存在' },
  STAFF_EXISTS: { status: 409, message: '该会员已是员工' },
  DUPLICATE: { status: 409, message: '重复提交，请勿重复操作' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  WECHAT_UNAVAILABLE: { status: 502, message: '微信服务暂时不可用，请稍后再试' },
  PAY_UNAVAILABLE: { status: 502, message: '微信支付暂时不可用，请稍后再试' },
  PAY_AMOUNT_INVALID: { status: 400, message: '支付金额不正确' },
  PAY_ORDER_PAID: { status: 409, message: '该订单已支付' },
  PAY_ORDER_CLOSED: { status: 409, message: '该订单已关闭，请重新下单' },
  PAY_INTENT_NOT_FOUND: { status: 404, message: '支付单不存在' },
  PAY_REFUND_EXCEEDS: { status: 400, message: '退款金额超过可退金额' },
  PAY_REFUND_LIMIT: { status: 400, message: '该订单退款次数已达上限' },
  PAY_NOT_PAID: { status: 409, message: '该订单尚未支付，无法退款' },
  PAY_REJECTED: { status: 400, message: '微信支付拒绝了该请求' },
  POINTS_INSUFFICIENT: { status: 409, message: '可用积分不足' },
  POINTS_HELD_INSUFFICIENT: { status: 409, message: '冻结积分不足' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: '缺少幂等键，请重试' },
  BIRTHDAY_ALREADY_SET: { status: 409, message: '生日已设置，不能修改' },
  MEMBER_CODE_INVALID: { status: 400, message: '会员码无效，请让顾客刷新会员码' },
  MEMBER_CODE_EXPIRED: { status: 400, message: '会员码已过期，请让顾客刷新会员码' },
  MEMBER_CODE_OTHER_CHAIN: { status: 400, message: '这不是本品牌的会员码' },
  COUPON_TEMPLATE_NOT_FOUND: { status: 404, message: '优惠券不存在' },
  COUPON_NOT_FOUND: { status: 404, message: '优惠券不存在' },
  COUPON_OUT_OF_STOCK: { status: 409, message: '优惠券已被抢光' },
  COUPON_LIMIT_REACHED: { status: 409, message: '已达到领取上限' },
  COUPON_WINDOW_CLOSED: { status: 409, message: '不在领取时间内' },
  COUPON_TIER_NOT_ALLOWED: { status: 403, message: '您的会员等级暂不能领取该券' },
  COUPON_NOT_ELIGIBLE: { status: 403, message: '该券不能在此领取' },
  COUPON_NOT_AVAILABLE: { status: 409, message: '该优惠券当前不可用' },
  COUPON_CODE_INVALID: { status: 400, message: '券码无效，请让顾客刷新券码' },
  COUPON_CODE_EXPIRED: { status: 400, message: '券码已过期，请让顾客刷新券码' },
  COUPON_WRONG_STORE: { status: 403, message: '该券不能在本门店使用' },
  VERIFICATION_NOT_FOUND: { status: 404, message: '核销记录不存在' },
  VERIFICATION_UNDO_EXPIRED: { status: 409, message: '已超过 10 分钟，不能撤销核销' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export function errorMessage(code: string): string {
  return (ERRORS as Record<string, { message: string }>)[code]?.message ?? ERRORS.INTERNAL.message;
}

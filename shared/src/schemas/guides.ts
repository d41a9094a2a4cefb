/** 导购 (shopping guides): bindings, attribution, workspace and console schemas. */
import { z } from 'zod';
import { objectId } from './common';
import { GUIDE_CODE_PATTERN } from '../guide-code';

/** Guide code: G + 5 characters without look-alikes (0/O, 1/I/L); the mini-program code's scene is `g=CODE`. */
export const guideCode = z.string().regex(GUIDE_CODE_PATTERN, 'guide code');

export const guideBindingSource = z.enum(['code', 'checkin', 'till', 'transfer']);
export type GuideBindingSource = z.infer<typeof guideBindingSource>;

export const guideSettings = z.object({
  /** permanent: changed only by an admin transfer; protected: another guide may bind after `protectDays` */
  mode: z.enum(['permanent', 'protected']),
  protectDays: z.number().int().min(1).max(365),
});
export type GuideSettings = z.infer<typeof guideSettings>;

export const guideBindRequest = z.object({ code: guideCode });
export const guideBindResponse = z.object({
  bound: z.boolean(),
  /** why not: already bound to another guide, own code, unknown or inactive guide */
  reason: z.enum(['bound', 'renewed', 'already_yours', 'taken', 'self', 'unknown']),
  guide: z.object({ nickname: z.string(), storeName: z.string() }).nullable(),
});

export const myGuideResponse = z.object({
  guide: z.object({ nickname: z.string(), storeName: z.string(), code: z.string() }).nullable(),
});

export const guideView = z.object({
  memberId: objectId,
  nickname: z.string(),
  storeId: objectId,
  storeName: z.string(),
  code: z.string(),
  status: z.enum(['active', 'left']),
  createdAt: z.string(),
});
export type GuideView = z.infer<typeof guideView>;

export const guidePerformance = z.object({
  from: z.string(),
  to: z.string(),
  customers: z.number().int(),
  newBindings: z.number().int(),
  lostBindings: z.number().int(),
  orders: z.number().int(),
  salesFen: z.number().int(),
  refunds: z.number().int(),
  refundFen: z.number().int(),
  netSalesFen: z.number().int(),
  /** commission earned in the period (orders paid in it, net of refunds before settlement); 0 when commission is off */
  commissionFen: z.number().int(),
});
export type GuidePerformance = z.infer<typeof guidePerformance>;

export const guideMeResponse = guideView.extend({ sharePath: z.string(), month: guidePerformance });
export const guidePosterResponse = z.object({
  scene: z.string(),
  page: z.string(),
  pngBase64: z.string(),
  code: z.string(),
  nickname: z.string(),
});

export const guideCustomerItem = z.object({
  memberId: objectId,
  nickname: z.string(),
  phoneMasked: z.string().nullable(),
  tierCode: z.string().nullable(),
  stage: z.string().nullable(),
  rfmGroup: z.string().nullable(),
  boundAt: z.string(),
  source: guideBindingSource,
  lastVisitAt: z.string().nullable(),
  nextBookingAt: z.string().nullable(),
  birthdayThisMonth: z.boolean(),
  expiringCoupons: z.number().int(),
  openTasks: z.number().int(),
});
export const guideCustomersResponse = z.object({ items: z.array(guideCustomerItem) });

export const guideHistoryItem = z.object({
  seq: z.number().int(),
  guideNickname: z.string(),
  fromGuideNickname: z.string().nullable(),
  source: guideBindingSource,
  at: z.string(),
});
export const guideNoteView = z.object({ id: z.string(), text: z.string(), at: z.string(), byNickname: z.string() });
export const guideCustomerDetail = guideCustomerItem.extend({
  history: z.array(guideHistoryItem),
  notes: z.array(guideNoteView),
  orders: z.array(z.object({ orderId: objectId, cashFen: z.number().int(), refundedFen: z.number().int(), paidAt: z.string() })),
});
export const guideCustomerParams = z.object({ memberId: objectId });
export const guideNoteRequest = z.object({ text: z.string().trim().min(1).max(500) });

export const guideTaskRule = z.enum(['booking_tomorrow', 'visit_no_purchase', 'birthday', 'coupon_expiring']);
export type GuideTaskRule = z.infer<typeof guideTaskRule>;
export const guideTaskView = z.object({
  id: z.string(),
  rule: guideTaskRule,
  title: z.string(),
  memberId: objectId,
  nickname: z.string(),
  dueAt: z.string(),
  state: z.enum(['open', 'done', 'snoozed']),
});
export const guideTasksResponse = z.object({ items: z.array(guideTaskView) });
export const guideTaskParams = z.object({
  taskId: z
    .string()
    .min(3)
    .max(120)
    .regex(/^[a-z_]+:[0-9a-f]{24}:[0-9A-Za-z-]+$/),
});
export const guideSnoozeRequest = z.object({ days: z.number().int().min(1).max(30) });

export const guidePeriodQuery = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

// ---- console ----
export const consoleGuidesQuery = guidePeriodQuery.extend({ storeId: objectId.optional() });
export const consoleGuideRow = guideView.extend({ performance: guidePerformance });
export const consoleGuidesResponse = z.object({ items: z.array(consoleGuideRow) });
export const consoleCreateGuide = z.object({ memberId: objectId });
export const consoleGuideParams = z.object({ guideId: objectId });
export const consoleGuideCustomers = z.object({ items: z.array(guideCustomerItem.omit({ openTasks: true })) });

export const transferRequest = z.union([
  z.object({ fromGuideId: objectId, toGuideId: objectId, deactivate: z.boolean().default(false) }),
  z.object({ fromGuideId: objectId, spreadStoreId: objectId, deactivate: z.boolean().default(false) }),
]);
export type TransferRequest = z.infer<typeof transferRequest>;
export const transferView = z.object({
  id: z.string(),
  fromGuideId: objectId,
  fromNickname: z.string(),
  state: z.enum(['running', 'done']),
  targets: z.array(z.object({ guideId: objectId, nickname: z.string(), moved: z.number().int() })),
  moved: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TransferView = z.infer<typeof transferView>;
export const transferParams = z.object({ transferId: objectId });
export const transfersResponse = z.object({ items: z.array(transferView) });

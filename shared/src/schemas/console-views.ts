/** Operator console views: members, member detail, ledger, orders, booking calendar, audit log, exports. */
import { z } from 'zod';
import { objectId } from './common';
import { couponView } from './coupons';
import { staffOrderView, orderState } from './checkout';
import { pointsEntryView } from './membership';
import { staffBookingView } from './booking';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');
const limit = z.coerce.number().int().min(1).max(100).default(20);
/** the previous page's `next` (the last row's id): pages go by key, never by skip */
const after = objectId.optional();

export const consoleMemberRow = z.object({
  id: z.string(),
  nickname: z.string(),
  /** masked (138****8001) */
  phone: z.string().nullable(),
  cardNo: z.string().nullable(),
  tierCode: z.string().nullable(),
  tierName: z.string().nullable(),
  pointsBalance: z.number().int(),
  storeId: z.string().nullable(),
  storeName: z.string().nullable(),
  createdAt: z.string(),
});
export type ConsoleMemberRow = z.infer<typeof consoleMemberRow>;

export const consoleMembersQuery = z.object({
  /** 11-digit phone or 10-digit card number (exact), else a nickname fragment */
  q: z.string().trim().max(40).optional(),
  tier: z.string().max(20).optional(),
  storeId: objectId.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  after,
  limit,
});
export const consoleMembersResponse = z.object({ items: z.array(consoleMemberRow), next: z.string().nullable() });

export const consoleAuditRow = z.object({
  id: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type ConsoleAuditRow = z.infer<typeof consoleAuditRow>;

export const consoleMemberDetail = z.object({
  member: consoleMemberRow.extend({
    growth: z.number().int(),
    pointsHeld: z.number().int(),
    pointsAvailable: z.number().int(),
    birthday: z.string().nullable(),
    homeCity: z.string().nullable(),
    noShows: z.number().int(),
  }),
  coupons: z.array(couponView),
  orders: z.array(staffOrderView),
  bookings: z.array(staffBookingView),
  referral: z
    .object({ partnerMemberId: z.string(), partnerNickname: z.string(), code: z.string(), via: z.string(), at: z.string() })
    .nullable(),
  audit: z.array(consoleAuditRow),
});
export type ConsoleMemberDetail = z.infer<typeof consoleMemberDetail>;
export const consoleMemberParams = z.object({ memberId: objectId });

export const consoleLedgerQuery = z.object({ after, limit });
export const consoleLedgerResponse = z.object({ items: z.array(pointsEntryView), next: z.string().nullable() });

export const consoleOrdersQuery = z.object({
  storeId: objectId.optional(),
  memberId: objectId.optional(),
  state: orderState.optional(),
  /** '1' = only orders with a refund */
  refunded: z.enum(['1']).optional(),
  /** order number, refund number (R…), 商户订单号, or a member's 11-digit phone / 10-digit card number (exact) */
  q: z.string().trim().max(40).optional(),
  after,
  limit,
});
export const consoleOrdersResponse = z.object({ items: z.array(staffOrderView), next: z.string().nullable() });

export const consoleBookingsQuery = z.object({
  storeId: objectId.optional(),
  /** first day (Asia/Shanghai) */
  date: isoDate,
  days: z.coerce.number().int().min(1).max(7).default(1),
});
export const consoleBookingsResponse = z.object({ items: z.array(staffBookingView) });

export const consoleAuditQuery = z.object({ memberId: objectId.optional(), action: z.string().max(40).optional(), after, limit });
export const consoleAuditResponse = z.object({ items: z.array(consoleAuditRow), next: z.string().nullable() });

export const consoleExportKind = z.enum(['members', 'orders', 'coupons']);
export type ConsoleExportKind = z.infer<typeof consoleExportKind>;
export const consoleExportParams = z.object({ kind: consoleExportKind });
export const consoleExportQuery = z.object({ storeId: objectId.optional() });
/** The CSV itself (text/csv, UTF-8 with BOM); `X-Export-Estimate` tells the number of rows to expect. */
export const consoleExportResponse = z.string();

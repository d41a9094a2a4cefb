/**
 * Console II (settings as screens): request/response shapes of the /api/console/ write routes
 * for stores, booking services, images and POS keys. Audit trails per object use `subject`.
 */
import { z } from 'zod';
import { storeView } from './stores';
import { objectId } from './common';
import { verificationView } from './coupons';
import { membershipSettings, updateMembershipSettings } from './membership';
import { serviceView, storeDetail, storeProfileInput } from './booking';
import { posKeyView } from '../pos-api';

/** What an audited object is called in the audit log: `store:<id>`, `coupon-template:<id>`, `settings:membership` … */
export const auditSubject = z.string().regex(/^[a-z-]+:[A-Za-z0-9_-]{1,64}$/, 'subject: kind:id');

const phone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/, '请填写正确的电话号码');
export const storeBasicInput = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,20}$/, '门店编码为 2–20 位字母、数字、下划线或短横线'),
  name: z.string().trim().min(2, '门店名称至少 2 个字').max(30, '门店名称最多 30 个字'),
  city: z.string().trim().min(1, '请填写城市').max(20),
  address: z.string().trim().min(4, '请填写详细地址').max(120),
  phone,
  location: z.object({
    lat: z.number().min(-90, '纬度在 -90 到 90 之间').max(90, '纬度在 -90 到 90 之间'),
    lng: z.number().min(-180, '经度在 -180 到 180 之间').max(180, '经度在 -180 到 180 之间'),
  }),
});
export type StoreBasicInput = z.infer<typeof storeBasicInput>;
/** Editing keeps the code (other systems and the seed know a store by it); `active: false` closes it for shoppers. */
/** `baseRevision`: the store's revision the editor loaded (console): another save since → STORE_CONFLICT, nothing overwritten */
const baseRevision = z.number().int().min(0).optional();
export const storeBasicUpdate = storeBasicInput.omit({ code: true }).extend({ active: z.boolean(), baseRevision });
export const consoleStoreProfileInput = storeProfileInput.extend({ baseRevision });

export const consoleStoreRow = storeView.extend({ active: z.boolean(), servicesCount: z.number().int() });
export const consoleStoreList = z.object({ items: z.array(consoleStoreRow) });
export const consoleStoreDetail = storeDetail.extend({ active: z.boolean(), allServices: z.array(serviceView), revision: z.number().int() });
export type ConsoleStoreDetail = z.infer<typeof consoleStoreDetail>;

export const imageUploadResponse = z.object({ key: z.string(), url: z.string(), bytes: z.number().int(), type: z.string() });
export type ImageUploadResponse = z.infer<typeof imageUploadResponse>;
/** The upload body is the raw image (Content-Type image/jpeg, image/png or image/webp), at most 2 MB. */
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export const consolePosKeyList = z.object({ items: z.array(posKeyView) });

export const objectAuditQuery = z.object({ subject: auditSubject });
export const objectAuditRow = z.object({
  id: z.string(),
  actorName: z.string(),
  action: z.string(),
  at: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  detail: z.record(z.string(), z.unknown()),
});
export type ObjectAuditRow = z.infer<typeof objectAuditRow>;
export const objectAuditResponse = z.object({ items: z.array(objectAuditRow) });

// ---- coupons ------------------------------------------------------------------------------------
export const consoleIssueRequest = z.object({
  /** phones or card numbers, pasted (at most 1,000) */
  text: z.string().max(30_000).refine((t) => t.trim().length > 0, '请粘贴手机号或会员卡号'),
  /** one per submission: a retry issues nothing twice */
  batchKey: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/),
});
export const issueOutcome = z.enum(['issued', 'skipped', 'not_found', 'ambiguous', 'invalid', 'duplicate']);
export const consoleIssueReport = z.object({
  issued: z.number().int(),
  failed: z.number().int(),
  rows: z.array(
    z.object({
      input: z.string(),
      memberId: z.string().nullable(),
      nickname: z.string().nullable(),
      outcome: issueOutcome,
      /** the error code when skipped (limit reached, out of stock …) */
      code: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
});
export type ConsoleIssueReport = z.infer<typeof consoleIssueReport>;
export const consoleVerificationsQuery = z.object({
  storeId: objectId.optional(),
  after: objectId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const consoleVerificationsResponse = z.object({ items: z.array(verificationView.extend({ storeName: z.string() })), next: z.string().nullable() });

// ---- membership settings (versioned) --------------------------------------------------------------
export const versionedMembershipSettings = z.object({ revision: z.number().int(), settings: membershipSettings });
export const putVersionedMembershipSettings = z.object({ baseRevision: z.number().int().min(0), settings: updateMembershipSettings });
export const tierPreviewRequest = z.object({
  tiers: z.array(z.object({ code: z.string().max(20), name: z.string().max(20), threshold: z.number().int().min(0).max(100_000_000) })).min(1).max(10),
});
export const tierPreviewResponse = z.object({
  total: z.number().int(),
  /** members whose growth is below the lowest threshold (0 when the lowest tier starts at 0) */
  below: z.number().int(),
  rows: z.array(z.object({ code: z.string(), name: z.string(), threshold: z.number().int(), current: z.number().int(), projected: z.number().int() })),
});
export type TierPreviewResponse = z.infer<typeof tierPreviewResponse>;

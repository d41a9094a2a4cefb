/**
 * Console: points adjustments (积分调整) with a second admin's approval above a threshold. The page sends its
 * own Idempotency-Key (one per opened form: a double click is one adjustment).
 */
import { z } from 'zod';
import { objectId } from './common';

export const adjustState = z.enum(['pending', 'approved', 'rejected', 'applied', 'failed']);
export type AdjustState = z.infer<typeof adjustState>;

export const consolePointsAdjust = z.object({
  amount: z
    .number({ message: '请填写调整积分' })
    .int('积分必须是整数')
    .min(-1_000_000, '单次调整不超过 100 万积分')
    .max(1_000_000, '单次调整不超过 100 万积分')
    .refine((n) => n !== 0, '调整积分不能为 0'),
  reason: z.string().trim().min(2, '请填写原因（至少 2 个字）').max(100, '原因最多 100 个字'),
});

export const adjustRequestView = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  amount: z.number().int(),
  reason: z.string(),
  state: adjustState,
  threshold: z.number().int(),
  requestedById: z.string(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  entryId: z.string().nullable(),
  /** why an approved adjustment could not be applied (e.g. 可用积分不足) */
  failure: z.string().nullable(),
});
export type AdjustRequestView = z.infer<typeof adjustRequestView>;

export const adjustListQuery = z.object({ state: adjustState.optional(), memberId: objectId.optional() });
export const adjustList = z.object({ items: z.array(adjustRequestView) });
/** `<memberId>:<idempotency key>` */
export const adjustRequestParams = z.object({ requestId: z.string().regex(/^[0-9a-f]{24}:[A-Za-z0-9_.:-]{8,100}$/, '申请编号格式不正确') });
export const adjustReject = z.object({ reason: z.string().trim().min(2, '请填写驳回原因（至少 2 个字）').max(100, '原因最多 100 个字') });

export const adjustSettingsView = z.object({ approvalAbove: z.number().int(), revision: z.number().int() });
export const adjustSettingsPut = z.object({
  approvalAbove: z.number({ message: '请填写审批门槛' }).int('必须是整数').min(0, '不能小于 0').max(1_000_000, '不超过 100 万积分'),
  baseRevision: z.number().int().min(0),
});

import { z } from 'zod';

/** manager: the store manager of staffStoreId (operator console for that store only). */
export const roleSchema = z.enum(['member', 'staff', 'manager', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** A wx.login code: short opaque string from WeChat. */
const wxCode = z.string().trim().min(1, 'code is required').max(128);

export const loginRequest = z.object({
  code: wxCode,
  /** a partner's invite code from the shared link or poster (used only when this login creates the member) */
  inviter: z.string().regex(/^[A-Za-z0-9]{1,8}$/).optional(),
  /** the mini-program entry scene (1007 shared card, 1047 scanned code, …) */
  scene: z.number().int().min(1000).max(9999).optional(),
});
export type LoginRequest = z.infer<typeof loginRequest>;

export const refreshRequest = z.object({ refreshToken: z.string().min(20).max(200) });
export type RefreshRequest = z.infer<typeof refreshRequest>;

export const phoneBindRequest = z.object({ code: wxCode });
export type PhoneBindRequest = z.infer<typeof phoneBindRequest>;

export const memberView = z.object({
  id: z.string(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  roles: z.array(roleSchema),
  staffStoreId: z.string().nullable(),
  createdAt: z.string(),
});
export type MemberView = z.infer<typeof memberView>;

export const sessionResponse = z.object({
  accessToken: z.string(),
  accessExpiresIn: z.number().int().describe('seconds until the access token expires'),
  refreshToken: z.string(),
  member: memberView,
  isNew: z.boolean(),
});
export type SessionResponse = z.infer<typeof sessionResponse>;

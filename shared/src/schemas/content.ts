/**
 * Home-page content of the mini-program (issue 15 API, issue 18 screens): operator banners,
 * shortcut grid, featured coupon templates and a notice bar. Edited as one draft, published
 * as immutable numbered versions; the mini-program reads the published version filtered for
 * the member's tier, the store and the current time.
 */
import { z } from 'zod';
import { objectId } from './common';

/** Pages a banner or the notice bar may open (fixed list: the mini-program knows their paths). */
export const contentPage = z.enum(['coupons', 'booking', 'member', 'mine', 'invite', 'pay', 'points', 'my-coupons']);
export type ContentPage = z.infer<typeof contentPage>;

export const contentLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('page'), page: contentPage }),
  z.object({ kind: z.literal('coupon'), templateId: objectId }),
  z.object({ kind: z.literal('booking'), storeId: objectId, serviceId: objectId.nullable().default(null) }),
]);
export type ContentLink = z.infer<typeof contentLink>;

/** https URL, a path of the H5 build (`/static/…`) or a small data: image. */
export const contentImage = z
  .string()
  .max(48_000)
  .regex(/^(https?:\/\/[^\s]+|\/[^\s]*|data:image\/(png|jpeg|webp|svg\+xml)(;base64)?,[^\s]+)$/, 'image must be an http(s) URL, a /path or a data:image URL');

export const bannerInput = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'id: 1–32 of a-z 0-9 -'),
    title: z.string().trim().min(1).max(40),
    image: contentImage,
    link: contentLink.nullable().default(null),
    /** shown from / until (ISO instants), null = no bound */
    startAt: z.iso.datetime({ offset: true }).nullable().default(null),
    endAt: z.iso.datetime({ offset: true }).nullable().default(null),
    /** empty = every store / every tier */
    storeIds: z.array(objectId).max(100).default([]),
    tiers: z.array(z.string().min(1).max(32)).max(20).default([]),
  })
  .refine((b) => !b.startAt || !b.endAt || Date.parse(b.startAt) < Date.parse(b.endAt), { message: 'endAt must be after startAt', path: ['endAt'] });
export type Banner = z.output<typeof bannerInput>;

/** The six shortcuts the mini-program can open; operators choose which, in what order, and their labels. */
export const shortcutKey = z.enum(['coupons', 'booking', 'measure', 'memberCode', 'pay', 'invite']);
export type ShortcutKey = z.infer<typeof shortcutKey>;
export const shortcutInput = z.object({ key: shortcutKey, label: z.string().trim().min(1).max(6) });

export const noticeInput = z.object({ text: z.string().trim().min(1).max(60), link: contentLink.nullable().default(null) });

export const homeConfig = z
  .object({
    banners: z.array(bannerInput).max(10).default([]),
    shortcuts: z.array(shortcutInput).max(8).default([]),
    featuredCouponIds: z.array(objectId).max(10).default([]),
    notice: noticeInput.nullable().default(null),
  })
  .refine((c) => new Set(c.banners.map((b) => b.id)).size === c.banners.length, { message: 'banner ids must be unique', path: ['banners'] })
  .refine((c) => new Set(c.shortcuts.map((s) => s.key)).size === c.shortcuts.length, { message: 'each shortcut once', path: ['shortcuts'] });
export type HomeConfig = z.output<typeof homeConfig>;
export type HomeConfigInput = z.input<typeof homeConfig>;

export const homeDraftView = z.object({
  config: homeConfig,
  /** bumped by every save; a save or publish naming an older revision is a conflict */
  revision: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** the version now live (0 = nothing published yet) */
  publishedVersion: z.number().int(),
});
export type HomeDraftView = z.infer<typeof homeDraftView>;

export const homeDraftPut = z.object({ baseRevision: z.number().int().min(0), config: homeConfig });
export const homePublishBody = z.object({ revision: z.number().int().min(1) });

export const homeVersionView = z.object({
  version: z.number().int(),
  draftRevision: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  bannerCount: z.number().int(),
});
export const homeVersionList = z.object({ items: z.array(homeVersionView), publishedVersion: z.number().int() });

export const homeAudience = z.object({
  storeId: objectId.optional(),
  tier: z.string().min(1).max(32).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

/** What the mini-program shows: the published version, filtered. */
export const homeView = z.object({
  version: z.number().int(),
  banners: z.array(z.object({ id: z.string(), title: z.string(), image: z.string(), link: contentLink.nullable() })),
  shortcuts: z.array(shortcutInput),
  featuredCouponIds: z.array(z.string()),
  notice: noticeInput.nullable(),
});
export type HomeView = z.infer<typeof homeView>;
export const homeQuery = z.object({ storeId: objectId.optional() });

/** Console: one published version with its config (to look at or load back into the draft = rollback). */
export const homeVersionDetail = homeVersionView.extend({ config: homeConfig });
export type HomeVersionDetail = z.infer<typeof homeVersionDetail>;
export const homeVersionParams = z.object({ version: z.coerce.number().int().min(1).max(1_000_000) });
/** Console preview: the form's unsaved config (or the saved draft when absent) as this audience would see it. */
export const homePreviewBody = homeAudience.extend({ config: homeConfig.optional() });

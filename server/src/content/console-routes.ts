/**
 * 首页装修 in the operator console (chain admins, cookie session): draft with its revision, preview of the
 * form's unsaved config, publish, versions and one version's config (loaded back into the draft = rollback).
 * A save checks what the config names — coupon templates, stores, booking services, tiers — and answers
 * VALIDATION_FAILED with the field path (`body.config.banners.0.link.templateId`) the screen puts on the field.
 */
import type Router from '@koa/router';
import { api, type HomeConfig } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import type { AppState } from '../platform/http/context';
import { AppError, type FieldError } from '../platform/errors';
import { requireConsoleAdmin } from '../console/views';
import type { ContentService } from './service';

export interface ContentRefs {
  templateIds: () => Promise<Set<string>>;
  storeIds: () => Promise<Set<string>>;
  serviceIds: (storeId: string) => Promise<Set<string>>;
  tierCodes: () => Promise<Set<string>>;
}

/** Field errors for references to things that do not exist (empty = all known). */
export async function checkRefs(config: HomeConfig, refs: ContentRefs): Promise<FieldError[]> {
  const [templates, stores, tiers] = await Promise.all([refs.templateIds(), refs.storeIds(), refs.tierCodes()]);
  const out: FieldError[] = [];
  const services = new Map<string, Set<string>>();
  const link = async (l: HomeConfig['banners'][number]['link'], at: string) => {
    if (!l) return;
    if (l.kind === 'coupon' && !templates.has(l.templateId)) out.push({ path: `${at}.templateId`, message: '优惠券不存在' });
    if (l.kind === 'booking') {
      if (!stores.has(l.storeId)) return void out.push({ path: `${at}.storeId`, message: '门店不存在' });
      if (l.serviceId) {
        if (!services.has(l.storeId)) services.set(l.storeId, await refs.serviceIds(l.storeId));
        if (!services.get(l.storeId)!.has(l.serviceId)) out.push({ path: `${at}.serviceId`, message: '该门店没有这个预约服务' });
      }
    }
  };
  for (const [i, b] of config.banners.entries()) {
    const at = `body.config.banners.${i}`;
    await link(b.link, `${at}.link`);
    b.storeIds.forEach((id) => stores.has(id) || out.push({ path: `${at}.storeIds`, message: '门店不存在' }));
    b.tiers.forEach((t) => tiers.has(t) || out.push({ path: `${at}.tiers`, message: `等级 ${t} 不存在` }));
  }
  config.featuredCouponIds.forEach((id, i) => templates.has(id) || out.push({ path: `body.config.featuredCouponIds.${i}`, message: '优惠券不存在' }));
  if (config.notice) await link(config.notice.link, 'body.config.notice.link');
  return out;
}

export function consoleContentRoutes(router: Router<AppState>, deps: { content: ContentService; refs: ContentRefs }): void {
  const { content } = deps;
  bind(router, api.consoleHomeDraft, ({ identity }) => {
    requireConsoleAdmin(identity);
    return content.draft();
  });
  bind(router, api.consoleSaveHomeDraft, async ({ identity, body }) => {
    requireConsoleAdmin(identity);
    const fields = await checkRefs(body.config, deps.refs);
    if (fields.length) throw new AppError('VALIDATION_FAILED', `home config names unknown objects: ${fields.map((f) => f.path).join(', ')}`, { fields });
    return content.saveDraft(identity.memberId, body.baseRevision, body.config);
  });
  bind(router, api.consolePreviewHome, ({ identity, body }) => {
    requireConsoleAdmin(identity);
    return content.preview({ tier: body.tier, storeId: body.storeId, at: body.at ? new Date(body.at) : undefined }, body.config);
  });
  bind(router, api.consolePublishHome, ({ identity, body }) => {
    requireConsoleAdmin(identity);
    return content.publish(identity.memberId, body.revision);
  });
  bind(router, api.consoleHomeVersions, ({ identity }) => {
    requireConsoleAdmin(identity);
    return content.versions();
  });
  bind(router, api.consoleHomeVersion, ({ identity, params }) => {
    requireConsoleAdmin(identity);
    return content.version(params.version);
  });
}

/** The lookups a save checks, over the owning services (console only, not a hot path: a few small reads). */
export function contentRefs(s: {
  coupons: { listTemplates: () => Promise<{ id: string }[]> };
  stores: { listAll: () => Promise<{ _id: unknown }[]> };
  booking: { detail: (storeId: string) => Promise<{ services: { id: string }[] }> };
  membership: { getSettings: () => Promise<{ tiers: { code: string }[] }> };
}): ContentRefs {
  return {
    templateIds: async () => new Set((await s.coupons.listTemplates()).map((t) => t.id)),
    storeIds: async () => new Set((await s.stores.listAll()).map((st) => String(st._id))),
    serviceIds: async (storeId) => new Set((await s.booking.detail(storeId)).services.map((sv) => sv.id)),
    tierCodes: async () => new Set((await s.membership.getSettings()).tiers.map((t) => t.code)),
  };
}

/**
 * Console II routes for coupons (thin): templates and batch issue for chain admins, the verification log
 * and undo scoped to the caller's store. Batch issue resolves pasted phones / card numbers to members
 * (two $in reads) and reports each line.
 */
import type Router from '@koa/router';
import { api, errorMessage, MAX_RECIPIENTS, parseRecipients, type ConsoleIssueReport } from '@homeclub/shared';
import { bind } from '../platform/http/bind';
import { AppError } from '../platform/errors';
import { consoleStoreScope } from '../platform/auth/guard';
import type { AppState } from '../platform/http/context';
import type { CouponsService } from '../coupons/service';
import type { StoresService } from '../stores/service';
import type { MembersConsole } from '../members/console';
import type { MemberDoc } from '../members/service';
import { requireConsoleAdmin } from './views';

export function consoleCouponRoutes(router: Router<AppState>, deps: { coupons: CouponsService; stores: StoresService; membersConsole: MembersConsole }): void {
  const { coupons } = deps;
  bind(router, api.consoleCouponTemplates, async ({ identity }) => {
    requireConsoleAdmin(identity);
    return { items: await coupons.listTemplates() };
  });
  bind(router, api.consoleCreateCouponTemplate, ({ identity, body }) => {
    requireConsoleAdmin(identity);
    return coupons.createTemplate(identity.memberId, body);
  });
  bind(router, api.consoleUpdateCouponTemplate, ({ identity, params, body }) => {
    requireConsoleAdmin(identity);
    return coupons.updateTemplate(identity.memberId, params.templateId, body);
  });

  bind(router, api.consoleIssueCoupons, async ({ identity, params, body }) => {
    requireConsoleAdmin(identity);
    const lines = parseRecipients(body.text);
    if (lines.length > MAX_RECIPIENTS) {
      throw new AppError('VALIDATION_FAILED', `${lines.length} recipients`, { fields: [{ path: 'body.text', message: `一次最多 ${MAX_RECIPIENTS} 个，当前 ${lines.length} 个` }] });
    }
    const phones = lines.filter((l) => l.kind === 'phone').map((l) => l.input);
    const cards = lines.filter((l) => l.kind === 'card').map((l) => l.input);
    const found = await deps.membersConsole.findByPhonesOrCards(phones, cards);
    const byPhone = new Map<string, MemberDoc[]>();
    const byCard = new Map<string, MemberDoc>();
    for (const m of found) {
      if (m.phone && phones.includes(m.phone)) byPhone.set(m.phone, [...(byPhone.get(m.phone) ?? []).filter((x) => String(x._id) !== String(m._id)), m]);
      if (m.cardNo && cards.includes(m.cardNo)) byCard.set(m.cardNo, m);
    }
    const rows: ConsoleIssueReport['rows'] = [];
    const targets = new Map<string, number>(); // memberId → row index
    for (const l of lines) {
      const row = { input: l.input, memberId: null as string | null, nickname: null as string | null, outcome: 'invalid' as ConsoleIssueReport['rows'][number]['outcome'], code: null as string | null, message: null as string | null };
      if (l.kind === 'duplicate') row.outcome = 'duplicate';
      else if (l.kind === 'invalid') row.message = '不是 11 位手机号或 10 位会员卡号';
      else {
        const ms = l.kind === 'phone' ? (byPhone.get(l.input) ?? []) : byCard.has(l.input) ? [byCard.get(l.input)!] : [];
        if (ms.length === 0) row.outcome = 'not_found';
        else if (ms.length > 1) {
          row.outcome = 'ambiguous';
          row.message = `该手机号对应 ${ms.length} 位会员，请改用会员卡号`;
        } else if (targets.has(String(ms[0]._id))) {
          row.outcome = 'duplicate';
          row.memberId = String(ms[0]._id);
          row.nickname = ms[0].nickname;
        } else {
          row.memberId = String(ms[0]._id);
          row.nickname = ms[0].nickname;
          row.outcome = 'issued';
          targets.set(row.memberId, rows.length);
        }
      }
      rows.push(row);
    }
    const result = targets.size ? await coupons.issueToMembers(identity.memberId, params.templateId, [...targets.keys()], body.batchKey) : { issued: 0, skipped: [] };
    for (const s of result.skipped) {
      const row = rows[targets.get(s.memberId)!];
      Object.assign(row, { outcome: 'skipped', code: s.code, message: errorMessage(s.code) });
    }
    return { issued: result.issued, failed: rows.filter((r) => r.outcome !== 'issued').length, rows };
  });

  bind(router, api.consoleVerifications, async ({ identity, query }) => {
    const storeId = consoleStoreScope(identity, query.storeId);
    const page = await coupons.verifier.page({ storeId, after: query.after, limit: query.limit });
    const stores = await deps.stores.byIds([...new Set(page.items.map((v) => v.storeId))]);
    return { items: page.items.map((v) => ({ ...v, storeName: stores.get(v.storeId)?.name ?? v.storeId })), next: page.next };
  });
  bind(router, api.consoleUndoVerification, ({ identity, params }) =>
    coupons.undoVerification(identity.memberId, params.verificationId, consoleStoreScope(identity)),
  );
}

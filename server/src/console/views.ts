/**
 * The console's read model: composes the owning modules' console reads (members,
 * orders, points, coupons, bookings, referrals, audit) into the console's views,
 * always inside the caller's scope (admin: every store; manager: their own).
 * Member ↔ store: a member belongs to their preferred store (常去门店).
 */
import { maskPhone, orderSearch, ORDER_SEARCH_HINT, type ConsoleAuditRow, type ConsoleMemberDetail, type ConsoleMemberRow } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import { shanghaiDate, shanghaiMidnight, type Clock } from '../platform/clock';
import type { Identity } from '../platform/http/context';
import { assertConsoleStore, consoleStoreScope } from '../platform/auth/guard';
import type { MemberDoc } from '../members/service';
import type { MembersService } from '../members/service';
import type { MembersConsole } from '../members/console';
import type { OrdersConsole } from '../orders/console';
import type { PointsConsole } from '../points/console';
import type { CouponsConsole } from '../coupons/console';
import type { BookingConsole } from '../booking/console';
import type { ReferralsConsole } from '../referrals/console';
import type { AuditService } from '../system/audit';
import type { StoresService } from '../stores/service';
import type { MembershipService } from '../membership/service';
import type { OrderDoc } from '../orders/service';
import { toStaffOrderView } from '../orders/view';
import { toEntryView } from '../points/service';
import { toCouponView } from '../coupons/service';
import { toStaffBookingView } from '../booking/view';

export interface ConsoleViewDeps {
  clock: Clock;
  members: MembersService;
  membersConsole: MembersConsole;
  orders: OrdersConsole;
  points: PointsConsole;
  coupons: CouponsConsole;
  bookings: BookingConsole;
  referrals: ReferralsConsole;
  audit: AuditService;
  stores: StoresService;
  membership: Pick<MembershipService, 'getSettings'>;
}

/** Start of a business day (Asia/Shanghai) as an instant. */
export function shanghaiDay(date: string): Date {
  const d = shanghaiMidnight(date);
  // The contract checks the shape (YYYY-MM-DD); a non-existent day (2026-13-45) is refused here, never a 500.
  if (Number.isNaN(d.getTime()) || shanghaiDate(d) !== date) {
    throw new AppError('VALIDATION_FAILED', `not a calendar date: ${date}`, { fields: [{ path: 'query.date', message: 'not a calendar date' }] });
  }
  return d;
}

export function createConsoleViews(deps: ConsoleViewDeps) {
  async function storeNames(): Promise<Map<string, string>> {
    return new Map((await deps.stores.list()).map((s) => [String(s._id), s.name]));
  }
  async function tierNames(): Promise<Map<string, string>> {
    const s = await deps.membership.getSettings();
    return new Map(s.tiers.map((t) => [t.code, t.name]));
  }

  async function rowMaker() {
    const [stores, tiers] = await Promise.all([storeNames(), tierNames()]);
    return (m: MemberDoc, opts: { fullPhone?: boolean } = {}): ConsoleMemberRow => {
      const storeId = m.preferredStoreId ? String(m.preferredStoreId) : null;
      return {
        id: String(m._id),
        nickname: m.nickname,
        phone: opts.fullPhone ? (m.phone ?? null) : maskPhone(m.phone),
        cardNo: m.cardNo ?? null,
        tierCode: m.tierCode ?? null,
        tierName: m.tierCode ? (tiers.get(m.tierCode) ?? m.tierCode) : null,
        pointsBalance: m.points?.balance ?? 0,
        storeId,
        storeName: storeId ? (stores.get(storeId) ?? null) : null,
        createdAt: m.createdAt.toISOString(),
      };
    };
  }

  /** The order search box (shared's orderSearch): one order by a unique number, or a member's orders. */
  async function findOrders(text: string): Promise<{ order?: OrderDoc | null; memberIds: string[] }> {
    const s = orderSearch(text);
    if (!s) throw new AppError('VALIDATION_FAILED', `order search: ${text}`, { fields: [{ path: 'query.q', message: `请输入${ORDER_SEARCH_HINT}` }] });
    switch (s.kind) {
      case 'order':
      case 'refund':
      case 'outTradeNo':
        return { order: await deps.orders.findNamed(s), memberIds: [] };
      case 'phone':
        return { memberIds: (await deps.membersConsole.findByPhone(s.phone)).map((m) => String(m._id)) };
      case 'card': {
        const m = await deps.membersConsole.findByCardNo(s.cardNo);
        return { memberIds: m ? [String(m._id)] : [] };
      }
    }
  }

  async function orderViews(docs: OrderDoc[]) {
    const [stores, members] = await Promise.all([storeNames(), deps.members.byIds(docs.map((o) => o.memberId))]);
    return docs.map((o) => toStaffOrderView(o, stores.get(String(o.storeId)) ?? '门店', members.get(String(o.memberId))));
  }

  async function auditRows(
    items: { _id: unknown; actorId: string; action: string; detail: Record<string, unknown>; at: Date }[],
  ): Promise<ConsoleAuditRow[]> {
    const actors = await deps.members.byIds(items.map((a) => a.actorId));
    return items.map((a) => ({
      id: String(a._id),
      actorId: a.actorId,
      actorName: actors.get(a.actorId)?.nickname ?? a.actorId,
      action: a.action,
      detail: a.detail ?? {},
      at: a.at.toISOString(),
    }));
  }

  /** The member, if the caller may see them (another store's member is STORE_SCOPE, refused by the server). */
  async function scopedMember(identity: Identity, memberId: string): Promise<MemberDoc> {
    const m = await deps.members.get(memberId);
    if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
    assertConsoleStore(identity, m.preferredStoreId);
    return m;
  }

  return {
    rowMaker,
    orderViews,
    scopedMember,

    async members(
      identity: Identity,
      q: { q?: string; tier?: string; storeId?: string; from?: string; to?: string; after?: string; limit: number },
    ) {
      const storeId = consoleStoreScope(identity, q.storeId);
      const row = await rowMaker();
      const text = q.q?.trim() ?? '';
      if (/^1\d{10}$/.test(text) || /^\d{10}$/.test(text)) {
        // Exact lookups: the card number by its unique index, a phone by its index.
        const found =
          text.length === 11
            ? await deps.membersConsole.findByPhone(text)
            : [await deps.membersConsole.findByCardNo(text)].filter((m): m is MemberDoc => !!m);
        const inScope = found
          .filter((m) => !storeId || String(m.preferredStoreId) === storeId)
          .filter((m) => !q.tier || m.tierCode === q.tier);
        return { items: inScope.map((m) => row(m)), next: null };
      }
      const page = await deps.membersConsole.page({
        storeId,
        tierCode: q.tier,
        from: q.from ? shanghaiDay(q.from) : undefined,
        to: q.to ? new Date(shanghaiDay(q.to).getTime() + 86400_000) : undefined,
        nickname: text || undefined,
        after: q.after,
        limit: q.limit,
      });
      return { items: page.items.map((m) => row(m)), next: page.next };
    },

    async member(identity: Identity, memberId: string): Promise<ConsoleMemberDetail> {
      const m = await scopedMember(identity, memberId);
      const storeId = consoleStoreScope(identity);
      const [row, coupons, orders, bookings, binding, audit, stores] = await Promise.all([
        rowMaker(),
        deps.coupons.forMember(memberId),
        deps.orders.page({ storeId, memberId, limit: 20 }),
        deps.bookings.forMember(memberId),
        deps.referrals.bindingOf(memberId),
        deps.audit.page({ memberId, limit: 30 }),
        deps.stores.list(),
      ]);
      const storeById = new Map(stores.map((s) => [String(s._id), s]));
      const partner = binding ? await deps.members.get(String(binding.partnerMemberId)) : null;
      const now = deps.clock.now();
      return {
        member: {
          ...row(m),
          growth: m.growth ?? 0,
          pointsHeld: m.points?.held ?? 0,
          pointsAvailable: m.points?.available ?? 0,
          birthday: m.birthday ?? null,
          homeCity: m.homeCity ?? null,
          noShows: m.noShows ?? 0,
        },
        coupons: coupons.map(toCouponView),
        orders: await orderViews(orders.items),
        bookings: bookings
          .filter((b) => !storeId || String(b.storeId) === storeId)
          .map((b) => toStaffBookingView(b, storeById.get(String(b.storeId)), m, now)),
        referral: binding
          ? {
              partnerMemberId: String(binding.partnerMemberId),
              partnerNickname: partner?.nickname ?? '合伙人',
              code: binding.code,
              via: binding.via,
              at: binding.at.toISOString(),
            }
          : null,
        audit: await auditRows(audit.items),
      };
    },

    async ledger(identity: Identity, memberId: string, q: { after?: string; limit: number }) {
      await scopedMember(identity, memberId);
      const page = await deps.points.ledgerPage(memberId, q.after, q.limit);
      return { items: page.items.map(toEntryView), next: page.next };
    },

    async orders(
      identity: Identity,
      q: { storeId?: string; memberId?: string; state?: string; refunded?: '1'; q?: string; after?: string; limit: number },
    ) {
      const storeId = consoleStoreScope(identity, q.storeId);
      if (q.q) {
        const found = await findOrders(q.q);
        if (found.order !== undefined) {
          const o = found.order;
          const visible = o && (!storeId || String(o.storeId) === storeId) && (!q.memberId || String(o.memberId) === q.memberId);
          return { items: visible ? await orderViews([o]) : [], next: null };
        }
        if (!found.memberIds.length) return { items: [], next: null };
        if (q.memberId && !found.memberIds.includes(q.memberId)) return { items: [], next: null };
        const page = await deps.orders.page({ storeId, memberIds: q.memberId ? [q.memberId] : found.memberIds, state: q.state, refunded: q.refunded === '1', after: q.after, limit: q.limit });
        return { items: await orderViews(page.items), next: page.next };
      }
      const page = await deps.orders.page({
        storeId,
        memberId: q.memberId,
        state: q.state,
        refunded: q.refunded === '1',
        after: q.after,
        limit: q.limit,
      });
      return { items: await orderViews(page.items), next: page.next };
    },

    async bookings(identity: Identity, q: { storeId?: string; date: string; days: number }) {
      const storeId = consoleStoreScope(identity, q.storeId);
      const from = shanghaiDay(q.date);
      const docs = await deps.bookings.inWindow(storeId, from, new Date(from.getTime() + q.days * 86400_000));
      const [stores, members] = await Promise.all([deps.stores.list(), deps.members.byIds(docs.map((b) => b.memberId))]);
      const storeById = new Map(stores.map((s) => [String(s._id), s]));
      const now = deps.clock.now();
      return {
        items: docs.map((b) => toStaffBookingView(b, storeById.get(String(b.storeId)), members.get(String(b.memberId)), now)),
      };
    },

    async audit(identity: Identity, q: { memberId?: string; action?: string; after?: string; limit: number }) {
      requireConsoleAdmin(identity);
      const page = await deps.audit.page(q);
      return { items: await auditRows(page.items), next: page.next };
    },
  };
}

/** Chain-wide pages (audit log, reconciliation): admins only. */
export function requireConsoleAdmin(identity: Identity): void {
  if (!identity.roles.includes('admin'))
    throw new AppError('CONSOLE_ADMIN_ONLY', `member ${identity.memberId} is not a chain admin`);
}

export type ConsoleViews = ReturnType<typeof createConsoleViews>;

/**
 * CSV exports of members, orders and coupons: streamed page by page (by key,
 * 500 rows a read), UTF-8 with a BOM so Excel shows Chinese, an estimate of the
 * row count up front (`X-Export-Estimate`) so the console can show progress.
 * Phones are masked unless the admin holds the `export` permission; a store
 * manager exports only their store. Cells are quoted, and a leading = + - @ is
 * neutralised (no formula injection).
 */
import { Readable } from 'node:stream';
import { formatFen, type ConsoleExportKind } from '@homeclub/shared';
import type { Identity } from '../platform/http/context';
import { consoleStoreScope } from '../platform/auth/guard';
import type { Logger } from '../platform/logger';
import type { ConsoleViewDeps, ConsoleViews } from './views';

const PAGE = 500;
const BOM = '\uFEFF';

export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const line = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;
const yuan = (fen: number) => formatFen(fen, { symbol: false }).replace(/,/g, '');
const shanghai = (d: Date | string | null | undefined) =>
  d ? new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') : '';

const ORDER_STATE: Record<string, string> = {
  pending_payment: '待支付',
  paid: '已支付',
  refunded: '已退款',
  cancelled: '已取消',
  expired: '已过期',
};
const COUPON_STATE: Record<string, string> = {
  available: '可用',
  locked: '已锁定',
  used: '已使用',
  expired: '已过期',
  issuing: '可用',
};

export interface ExportStream {
  filename: string;
  estimate: number;
  body: Readable;
}

export function createConsoleExport(deps: ConsoleViewDeps & { views: ConsoleViews; logger: Logger }) {
  async function* members(storeId: string | null, fullPhone: boolean) {
    const row = await deps.views.rowMaker();
    yield line(['会员ID', '昵称', '手机号', '会员卡号', '等级', '积分余额', '常去门店', '注册时间']);
    let after: string | undefined;
    do {
      const page = await deps.membersConsole.page({ storeId, after, limit: PAGE });
      for (const m of page.items) {
        const r = row(m, { fullPhone });
        yield line([r.id, r.nickname, r.phone, r.cardNo, r.tierName, r.pointsBalance, r.storeName, shanghai(r.createdAt)]);
      }
      after = page.next ?? undefined;
    } while (after);
  }

  async function* orders(storeId: string | null, fullPhone: boolean) {
    yield line([
      '订单号',
      '门店',
      '会员',
      '手机号',
      '状态',
      '渠道',
      '账单金额(元)',
      '券抵扣(元)',
      '积分抵扣(元)',
      '实付(元)',
      '已退款(元)',
      '下单时间',
      '支付时间',
    ]);
    let after: string | undefined;
    do {
      const page = await deps.orders.page({ storeId, after, limit: PAGE });
      const views = await deps.views.orderViews(page.items);
      const phones = fullPhone ? await deps.members.byIds(page.items.map((o) => o.memberId)) : null;
      for (const o of views) {
        const phone = phones ? (phones.get(o.member.id)?.phone ?? '') : o.member.phoneMasked;
        yield line([
          o.id,
          o.storeName,
          o.member.nickname,
          phone,
          ORDER_STATE[o.state] ?? o.state,
          o.channel,
          yuan(o.billFen),
          yuan(o.couponDiscountFen),
          yuan(o.pointsValueFen),
          yuan(o.cashFen),
          yuan(o.refundedFen),
          shanghai(o.createdAt),
          shanghai(o.paidAt),
        ]);
      }
      after = page.next ?? undefined;
    } while (after);
  }

  async function* coupons(storeId: string | null) {
    yield line(['券号', '券名称', '会员ID', '状态', '领取时间', '有效期至', '使用时间']);
    // A manager: the coupons of their store's members, one page of members at a time.
    let memberAfter: string | undefined;
    do {
      let memberIds: string[] | null = null;
      if (storeId) {
        const mp = await deps.membersConsole.page({ storeId, after: memberAfter, limit: PAGE });
        memberIds = mp.items.map((m) => String(m._id));
        memberAfter = mp.next ?? undefined;
      }
      let after: string | undefined;
      do {
        const page = await deps.coupons.page(memberIds, after, PAGE);
        for (const c of page.items) {
          yield line([
            c.couponNo,
            c.terms?.name ?? '',
            String(c.memberId),
            COUPON_STATE[c.state] ?? c.state,
            shanghai(c.claimedAt),
            shanghai(c.validTo),
            shanghai(c.usedAt),
          ]);
        }
        after = page.next ?? undefined;
      } while (after);
    } while (storeId && memberAfter);
  }

  return {
    async open(identity: Identity, kind: ConsoleExportKind, requestedStore?: string): Promise<ExportStream> {
      const storeId = consoleStoreScope(identity, requestedStore);
      const fullPhone = identity.roles.includes('admin') && (identity.permissions ?? []).includes('export');
      const estimate =
        kind === 'members'
          ? await deps.membersConsole.count(storeId)
          : kind === 'orders'
            ? await deps.orders.count(storeId)
            : await deps.coupons.count();
      const rows =
        kind === 'members' ? members(storeId, fullPhone) : kind === 'orders' ? orders(storeId, fullPhone) : coupons(storeId);
      const log = deps.logger;
      async function* withBom() {
        yield BOM;
        try {
          yield* rows;
        } catch (err) {
          // Headers are gone already: log, and end the file with a visible marker instead of a silent cut.
          log.error({ err, kind }, 'console export failed mid-stream');
          yield line(['导出中断，请重试']);
        }
      }
      const day = shanghai(deps.clock.now()).slice(0, 10).replace(/-/g, '');
      await deps.audit.record(identity.memberId, 'console.export', { kind, storeId, fullPhone });
      return { filename: `${kind}-${day}.csv`, estimate, body: Readable.from(withBom(), { objectMode: false }) };
    },
  };
}

export type ConsoleExport = ReturnType<typeof createConsoleExport>;

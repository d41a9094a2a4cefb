/**
 * The facts of the nightly scores run, per member, from the owning modules'
 * streams (members, purchases, bookings, guide bindings — each one scan in
 * member-id order), merged page by page. Pure merging; no writes.
 */
import type { MembersService } from '../members/service';
import type { MemberInsightRow } from '../members/member-page';
import type { OrderMemberStats } from '../orders/member-stats';
import type { BookingMemberStats } from '../booking/member-stats';
import type { GuideMemberStats } from '../guides/member-stats';

/** One member's facts for one run (kept in memory between the model pass and the scoring pass). */
export interface FactsRow {
  id: string;
  reg: Date;
  tier: string | null;
  store: string | null;
  bm: number | null;
  partner: boolean;
  src: string | null;
  first: Date | null;
  last: Date | null;
  n: number;
  fen: number;
  booked: Date | null;
  attended: Date | null;
  guide: string | null;
}

export interface FactsSources {
  members: MembersService;
  orderStats: OrderMemberStats;
  bookingStats: BookingMemberStats;
  guideStats?: GuideMemberStats;
}

/** The date on which a member's recency is counted, or null (no recency event). */
export function recencyAt(row: FactsRow, countBookings: boolean): Date | null {
  const attended = countBookings && row.attended ? row.attended : null;
  const paid = row.last;
  if (paid && attended) return paid > attended ? paid : attended;
  return paid ?? attended;
}

/** Takes, from a stream in member-id order, every item up to a member id (inclusive), keyed by member. */
export function aligned<T extends { memberId: string }>(it: AsyncGenerator<T>): (upTo: string) => Promise<Map<string, T>> {
  let head: T | null | undefined;
  return async (upTo) => {
    const out = new Map<string, T>();
    for (;;) {
      if (head === undefined) {
        const n = await it.next();
        head = n.done ? null : n.value;
      }
      if (head === null || head.memberId > upTo) return out;
      out.set(head.memberId, head);
      head = undefined;
    }
  };
}

async function* none<T>(): AsyncGenerator<T> {}

/** Pages of facts of every member after `cursor`, in member-id order. */
export async function* factsPages(src: FactsSources, cursor: string | null, since: Date, partners: Set<string>, pageSize: number): AsyncGenerator<FactsRow[]> {
  const buysUpTo = aligned(src.orderStats.purchasesStream(cursor, since));
  const booksUpTo = aligned(src.bookingStats.bookingsStream(cursor));
  const guidesUpTo = aligned(src.guideStats ? src.guideStats.bindingsStream(cursor) : none<{ memberId: string; guideId: string }>());
  const members = src.members.pages.stream(cursor);
  for (let done = false; !done; ) {
    const page: MemberInsightRow[] = [];
    while (page.length < pageSize) {
      const n = await members.next();
      if (n.done) {
        done = true;
        break;
      }
      page.push(n.value);
    }
    if (!page.length) return;
    const to = page[page.length - 1].memberId;
    const [buyBy, bookBy, guideBy] = [await buysUpTo(to), await booksUpTo(to), await guidesUpTo(to)];
    yield page.map((p) => {
      const b = buyBy.get(p.memberId);
      const k = bookBy.get(p.memberId);
      return {
        id: p.memberId,
        reg: p.createdAt,
        tier: p.tierCode,
        store: p.preferredStoreId ?? b?.lastStoreId ?? null,
        bm: p.birthdayMonth,
        partner: partners.has(p.memberId),
        src: p.source,
        first: b?.firstPaidAt ?? null,
        last: b?.lastPaidAt ?? null,
        n: b?.orders ?? 0,
        fen: b?.paidFen ?? 0,
        booked: k?.lastBookedAt ?? null,
        attended: k?.lastAttendedAt ?? null,
        guide: guideBy.get(p.memberId)?.guideId ?? null,
      };
    });
  }
}

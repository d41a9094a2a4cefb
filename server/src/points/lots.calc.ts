/**
 * Open lots on the points account (pure rules; table-tested).
 *
 * The account keeps one lot per expiry instant: `lots[key] = points earned into
 * it` (key `e<ms>` of the expiry, `never` without one). Debits consume oldest
 * expiry first, so what is left of the lots is always the NEWEST points: the
 * balance allocated to the lots from the latest expiry back. A debit therefore
 * changes no lot (only the balance); an earn adds to its lot in the same update
 * as the balance; the expiry job removes a due lot once nothing is left of it.
 * The lots' total is ≥ the balance (the difference is what debits consumed).
 */
export type LotMap = Record<string, number>;

export interface OpenLot {
  key: string;
  expiresAt: Date | null;
  remaining: number;
}

const NEVER = 'never';

export function lotKey(expiresAt: Date | null): string {
  return expiresAt && expiresAt.getTime() < 8.64e15 ? `e${expiresAt.getTime()}` : NEVER;
}

export function lotExpiry(key: string): Date | null {
  return key === NEVER ? null : new Date(Number(key.slice(1)));
}

/** Every lot with what is left of it, oldest expiry first (remaining 0 for consumed ones). */
export function openLots(lots: LotMap | null | undefined, balance: number): OpenLot[] {
  const sorted = Object.entries(lots ?? {})
    .map(([key, earned]) => ({ key, expiresAt: lotExpiry(key), earned }))
    .sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity));
  let left = Math.max(0, balance);
  const out: OpenLot[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const remaining = Math.min(left, Math.max(0, sorted[i].earned));
    left -= remaining;
    out.unshift({ key: sorted[i].key, expiresAt: sorted[i].expiresAt, remaining });
  }
  return out;
}

/** Balance the lots do not cover (0 when consistent: lots and balance drifted otherwise). */
export function uncovered(lots: LotMap | null | undefined, balance: number): number {
  return Math.max(0, balance - Object.values(lots ?? {}).reduce((s, n) => s + Math.max(0, n), 0));
}

/** The earliest expiry among the lots (the account's `nextExpiry`), null when none expires. */
export function earliestExpiry(lots: LotMap | null | undefined): Date | null {
  const times = Object.keys(lots ?? {}).map(lotExpiry).filter((d): d is Date => d !== null).map((d) => d.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

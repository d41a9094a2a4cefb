/** Points earned on a day expire at the end of the calendar year `years` later (Asia/Shanghai). */
export function defaultExpiry(earnedAt: Date, years: number): Date {
  const local = new Date(earnedAt.getTime() + 8 * 3600_000);
  const year = local.getUTCFullYear() + years;
  // 23:59:59.999 on 31 Dec in Shanghai = 15:59:59.999 UTC.
  return new Date(Date.UTC(year, 11, 31, 15, 59, 59, 999));
}

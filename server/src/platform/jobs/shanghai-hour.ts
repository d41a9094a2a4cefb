/** The next time it is `hour`:00 in Asia/Shanghai after `now` (first runs of daily jobs). */
export function nextShanghaiHour(now: Date, hour: number): Date {
  const dayStartUtc = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 8 * 3600_000;
  let t = dayStartUtc + hour * 3600_000;
  while (t <= now.getTime()) t += 86400_000;
  while (t - 86400_000 > now.getTime()) t -= 86400_000;
  return new Date(t);
}

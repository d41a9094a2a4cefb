/**
 * Proportional reversal of an order's points and growth over its refunds,
 * exact once fully refunded: each successful refund takes floor(total × r / cash),
 * and when the refunds add up to the cash paid, the remainder goes too.
 * Independent of the order in which refunds finish.
 */
export function refundShare(total: number, refundFen: number, cashFen: number): number {
  if (cashFen <= 0) return 0;
  return Number((BigInt(total) * BigInt(refundFen)) / BigInt(cashFen));
}

export function finalRemainder(total: number, refundsFen: number[], cashFen: number): number | null {
  const sum = refundsFen.reduce((s, r) => s + r, 0);
  if (sum !== cashFen) return null;
  return total - refundsFen.reduce((s, r) => s + refundShare(total, r, cashFen), 0);
}

import { randomBytes } from 'node:crypto';
import { shanghaiDate } from '../platform/clock';

/** `HC20261122` + 14 random base-36 chars: 24 chars of [A-Z0-9], within WeChat's 6–32 rule, sortable by day. */
export function newOutTradeNo(now: Date, prefix = 'HC'): string {
  const day = shanghaiDate(now).replaceAll('-', '');
  const rand = BigInt(`0x${randomBytes(10).toString('hex')}`).toString(36).toUpperCase().padStart(14, '0').slice(-14);
  return `${prefix}${day}${rand}`;
}

export const OUT_TRADE_NO_RE = /^[A-Za-z0-9_*-]{6,32}$/;

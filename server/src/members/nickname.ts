import { createHash } from 'node:crypto';

/** WeChat no longer hands out nicknames: start with "会员" + 4 stable digits. */
export function defaultNickname(openid: string): string {
  const n = parseInt(createHash('sha256').update(openid).digest('hex').slice(0, 8), 16) % 10000;
  return `会员${String(n).padStart(4, '0')}`;
}

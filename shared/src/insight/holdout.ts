/**
 * The holdout (control group) of a campaign: chosen deterministically from the
 * campaign id and the member id, so every run and every instance picks the same
 * members. A 32-bit FNV-1a hash with a murmur3 finaliser (no dependencies, the
 * same in the server and any client).
 */

export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export const DEFAULT_HOLDOUT_SHARE = 0.1;

/** True when the member is in the campaign's control group (receives nothing). `share` in [0, 1]. */
export function inHoldout(campaignId: string, memberId: string, share: number = DEFAULT_HOLDOUT_SHARE): boolean {
  return hash32(`${campaignId}:${memberId}`) % 10000 < Math.round(share * 10000);
}

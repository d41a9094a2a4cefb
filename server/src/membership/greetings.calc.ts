/** Which greetings a member is due (pure; table-tested in tests/server/membership-rules.test.ts). */
import type { TierView } from '@homeclub/shared';

/** The welcome popup is offered this long after registration (older members joined before it existed). */
export const WELCOME_DAYS = 30;

export function dueGreetings(input: { createdAt: Date; now: Date; tierCode: string; tiers: TierView[]; seen: string[] }): { welcome: boolean; tier: TierView | null } {
  const seen = new Set(input.seen);
  const welcome = !seen.has('welcome') && input.now.getTime() - input.createdAt.getTime() <= WELCOME_DAYS * 86400_000;
  const sorted = [...input.tiers].sort((a, b) => a.threshold - b.threshold);
  const current = sorted.find((t) => t.code === input.tierCode);
  if (!current || current.threshold <= sorted[0].threshold) return { welcome, tier: null };
  // A tier is celebrated once; after a downgrade, a lower tier than one already celebrated is no upgrade.
  const celebrated = sorted.some((t) => seen.has(`tier:${t.code}`) && t.threshold >= current.threshold);
  return { welcome, tier: celebrated ? null : current };
}

/** The seen markers a member's greetings read: welcome plus one per tier. */
export const greetingKeys = (tiers: TierView[]): string[] => ['welcome', ...tiers.map((t) => `tier:${t.code}`)];

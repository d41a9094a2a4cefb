/** A segment rule → a query on insight profiles. Pure (the clock is an argument). */
import type { SegmentCondition, SegmentRule } from '@homeclub/shared';
import { shanghaiMidnight } from '../platform/clock';

const DAY = 86400_000;
type Filter = Record<string, unknown>;

/** 00:00 Asia/Shanghai of a YYYY-MM-DD date. */

export function conditionFilter(c: SegmentCondition, now: Date): Filter {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  switch (c.field) {
    case 'tier':
      return { tierCode: { $in: c.in } };
    case 'store':
      return { storeId: { $in: c.in } };
    case 'stage':
      return { stage: { $in: c.in } };
    case 'rfmGroup':
      return { rfmGroup: { $in: c.in } };
    case 'r':
    case 'f':
    case 'm':
      return { [c.field]: { $gte: Math.min(c.min, c.max), $lte: Math.max(c.min, c.max) } };
    case 'birthdayMonth':
      return { birthdayMonth: { $in: c.in } };
    case 'registeredAt': {
      const range: Filter = {};
      if (c.from) range.$gte = shanghaiMidnight(c.from);
      if (c.to) range.$lt = new Date(shanghaiMidnight(c.to).getTime() + DAY);
      return Object.keys(range).length ? { registeredAt: range } : {};
    }
    case 'lastPurchase':
    case 'lastVisit': {
      const field = c.field === 'lastPurchase' ? 'lastPaidAt' : 'lastAttendedAt';
      const range: Filter = { $ne: null };
      if (c.withinDays) range.$gte = ago(c.withinDays);
      if (c.olderThanDays) range.$lt = ago(c.olderThanDays);
      return { [field]: range };
    }
    case 'bookedNotBought':
      return { bookedNotBoughtAt: { $gte: ago(c.withinDays) } };
    case 'partner':
      return { partner: c.is };
    case 'source':
      return { source: { $in: c.in } };
    case 'tags':
      return { tags: { $in: c.any } };
    case 'guide':
      return c.has === 'any' ? { guideId: { $ne: null } } : c.has === 'none' ? { guideId: null } : { guideId: { $in: c.has } };
  }
}

function isGroup(r: SegmentRule['rules'][number]): r is { op: 'and' | 'or'; rules: SegmentCondition[] } {
  return 'op' in r;
}

export function segmentFilter(rule: SegmentRule, now: Date): Filter {
  const parts = rule.rules.map((r) => (isGroup(r) ? { [`$${r.op}`]: r.rules.map((c) => conditionFilter(c, now)) } : conditionFilter(r, now)));
  return { [`$${rule.op}`]: parts };
}

/** When a campaign has a run due, and under which key. Pure; dates in Asia/Shanghai. */
import type { CampaignSchedule } from '@homeclub/shared';

const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000);

/**
 * The key of the run due at `now`, or null. Once: `once` from its time on;
 * monthly (会员日): `YYYY-MM` from the day and hour on, for the rest of that
 * month (a late start still runs once); triggers: `<kind>:YYYY-MM-DD` once
 * today's scores are done (the profiles are fresh) — birthday is keyed by year
 * so a member gets it once a year.
 */
export function dueRunKey(s: CampaignSchedule, now: Date, scoredToday: boolean): string | null {
  const l = local(now);
  const date = l.toISOString().slice(0, 10);
  switch (s.kind) {
    case 'once':
      return now >= new Date(s.at) ? 'once' : null;
    case 'monthly':
      return l.getUTCDate() > s.day || (l.getUTCDate() === s.day && l.getUTCHours() >= s.hour) ? date.slice(0, 7) : null;
    case 'trigger':
      if (!scoredToday) return null;
      return s.on.kind === 'birthday' ? `birthday:${date.slice(0, 4)}` : `${s.on.kind}:${date}`;
  }
}

/** The Asia/Shanghai month `YYYY-MM` of a time (frequency cap period). */
export const shanghaiMonth = (d: Date) => local(d).toISOString().slice(0, 7);

/** A member's entry record for a 「进入人群」 campaign: the run date they were last seen in the segment, and since when. */
export interface EntryRecord {
  seen: string;
  /** the run date they entered, or null when they were already in at the campaign's first run (the baseline) */
  since: string | null;
}

/**
 * Whether a member seen in the segment at the run of `date` entered it, and the record to keep. Continuing = seen at
 * the campaign's previous run (`prev`); the first run (`prev` null) only records the baseline. Seeing the same run
 * again (a resumed run) gives the same answer.
 */
export function segmentEntry(rec: EntryRecord | null, date: string, prev: string | null): { entered: boolean; rec: EntryRecord } {
  if (rec?.seen === date) return { entered: rec.since === date, rec };
  if (prev === null) return { entered: false, rec: { seen: date, since: null } };
  if (rec && rec.seen === prev) return { entered: false, rec: { seen: date, since: rec.since } };
  return { entered: true, rec: { seen: date, since: date } };
}

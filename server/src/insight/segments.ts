/** Segments (dynamic rules or frozen snapshots), live preview and manual tags. */
import { Types } from 'mongoose';
import type { SegmentRule, SegmentView } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { InsightModels, ProfileDoc } from './model';
import type { CampaignModels, SegmentDoc, SnapshotMemberDoc } from './campaign-model';
import { segmentFilter } from './segment-filter';

const PAGE = 1000;

export function toSegmentView(s: SegmentDoc): SegmentView {
  return { id: String(s._id), name: s.name, kind: s.kind, rule: s.rule, members: s.members, createdAt: s.createdAt.toISOString() };
}

/** Parses `memberId,tag[,tag…]` lines; returns rows and the 1-based numbers of bad lines. */
export function parseTagCsv(csv: string): { rows: { memberId: string; tags: string[] }[]; badLines: number[] } {
  const rows: { memberId: string; tags: string[] }[] = [];
  const badLines: number[] = [];
  csv.split(/\r?\n/).forEach((line, i) => {
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (!line.trim() || (i === 0 && /^member/i.test(cells[0]))) return;
    const tags = cells.slice(1).filter(Boolean);
    if (!/^[0-9a-f]{24}$/.test(cells[0]) || !tags.length || tags.some((t) => t.length > 20)) badLines.push(i + 1);
    else rows.push({ memberId: cells[0], tags });
  });
  return { rows, badLines };
}

export function createSegments(deps: { insight: InsightModels; campaigns: CampaignModels; clock: Clock }) {
  const { Profile } = deps.insight;
  const { Segment, SnapshotMember } = deps.campaigns;

  async function require(id: string): Promise<SegmentDoc> {
    const s = Types.ObjectId.isValid(id) ? await Segment.findById(id).lean<SegmentDoc>() : null;
    if (!s) throw new AppError('INSIGHT_SEGMENT_NOT_FOUND', `segment ${id}`);
    return s;
  }

  async function addTags(memberIds: string[], tags: string[], remove: boolean): Promise<{ updated: number; unknown: string[] }> {
    const known = new Set((await Profile.find({ _id: { $in: memberIds } }, { _id: 1 }).lean<ProfileDoc[]>()).map((p) => p._id));
    const unknown = memberIds.filter((id) => !known.has(id));
    const ids = memberIds.filter((id) => known.has(id));
    if (!ids.length) return { updated: 0, unknown };
    const r = await Profile.updateMany({ _id: { $in: ids } }, remove ? { $pull: { tags: { $in: tags } } } : { $addToSet: { tags: { $each: tags } } });
    return { updated: r.matchedCount, unknown };
  }

  return {
    require,
    async preview(rule: SegmentRule) {
      const filter = segmentFilter(rule, deps.clock.now());
      const [members, sample] = await Promise.all([
        Profile.countDocuments(filter),
        Profile.find(filter, { stage: 1, rfmGroup: 1, paidFen365: 1 }).limit(20).lean<ProfileDoc[]>(),
      ]);
      return { members, sample: sample.map((p) => ({ memberId: p._id, stage: p.stage, rfmGroup: p.rfmGroup, paidFen365: p.paidFen365 })) };
    },
    async create(actorId: string, input: { name: string; rule: SegmentRule }): Promise<SegmentView> {
      const members = await Profile.countDocuments(segmentFilter(input.rule, deps.clock.now()));
      const s = await Segment.create({ ...input, kind: 'dynamic', members, createdAt: deps.clock.now(), createdBy: actorId });
      return toSegmentView(s.toObject());
    },
    /** A frozen copy of a segment's members now (a new snapshot segment). Re-running the same copy is harmless (`_id` = segment:member). */
    async snapshot(actorId: string, id: string): Promise<SegmentView> {
      const source = await require(id);
      const snap = await Segment.create({ name: `${source.name}（快照）`.slice(0, 40), kind: 'snapshot', rule: source.rule, members: 0, createdAt: deps.clock.now(), createdBy: actorId });
      const filter = segmentFilter(source.rule, deps.clock.now());
      let cursor: string | null = null;
      let n = 0;
      for (;;) {
        const page: ProfileDoc[] = await Profile.find(cursor ? { $and: [filter, { _id: { $gt: cursor } }] } : filter, { _id: 1 }).sort({ _id: 1 }).limit(PAGE).lean<ProfileDoc[]>();
        if (!page.length) break;
        await SnapshotMember.insertMany(page.map((p) => ({ _id: `${snap._id}:${p._id}`, memberId: p._id })), { ordered: false, lean: true });
        n += page.length;
        cursor = page[page.length - 1]._id;
      }
      const done = await Segment.findOneAndUpdate({ _id: snap._id }, { $set: { members: n } }, { returnDocument: 'after', lean: true });
      return toSegmentView(done as SegmentDoc);
    },
    async list(): Promise<SegmentView[]> {
      return (await Segment.find().sort({ createdAt: -1 }).limit(200).lean<SegmentDoc[]>()).map(toSegmentView);
    },
    /**
     * The next page of a segment's members after `cursor` (member id order),
     * narrowed by `extra` (a trigger's own condition) — for campaign runs.
     */
    async page(seg: SegmentDoc, extra: Record<string, unknown>, cursor: string | null, limit = PAGE): Promise<{ members: ProfileDoc[]; next: string | null }> {
      if (seg.kind === 'dynamic') {
        const parts = [segmentFilter(seg.rule, deps.clock.now()), extra, ...(cursor ? [{ _id: { $gt: cursor } }] : [])];
        const members = await Profile.find({ $and: parts }).sort({ _id: 1 }).limit(limit).lean<ProfileDoc[]>();
        return { members, next: members.length ? members[members.length - 1]._id : null };
      }
      const prefix = `${seg._id}:`;
      const frozen = await SnapshotMember.find({ _id: { $gt: cursor ? prefix + cursor : prefix, $lt: `${seg._id};` } }).sort({ _id: 1 }).limit(limit).lean<SnapshotMemberDoc[]>();
      if (!frozen.length) return { members: [], next: null };
      const members = await Profile.find({ $and: [{ _id: { $in: frozen.map((f) => f.memberId) } }, extra] }).sort({ _id: 1 }).lean<ProfileDoc[]>();
      // The cursor moves over the frozen list even when `extra` leaves no one of this page.
      return { members, next: frozen[frozen.length - 1].memberId };
    },
    addTags,
    async importTags(csv: string) {
      const { rows, badLines } = parseTagCsv(csv);
      let updated = 0;
      const unknown: string[] = [];
      for (const r of rows) {
        const res = await addTags([r.memberId], r.tags, false);
        updated += res.updated;
        unknown.push(...res.unknown);
      }
      return { updated, unknown, badLines };
    },
  };
}

export type Segments = ReturnType<typeof createSegments>;

/**
 * Campaign action 「首页横幅」: a banner on the mini-program home for the campaign's treated members only
 * (the holdout gets a `control` delivery and never a banner). One document per member (`_id` = member id,
 * `insight_member_banners`), so GET /api/home adds one read by `_id`. A run pushes the banner once per
 * delivery (the filter `banners.deliveryId ≠ id` makes a retry a no-op); it shows for `days` after the run.
 * The first time a member's home shows it, the entry and the delivery are marked seen, each by a guarded
 * update (array filter `seen: false` / `seenAt: null`), so the report counts members shown the banner exactly once.
 * Shard key: `_id` (the member).
 */
import { Schema, type Connection } from 'mongoose';
import type { ContentLink } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';
import type { Clock } from '../platform/clock';
import type { CampaignDoc, CampaignModels, DeliveryDoc } from './campaign-model';

const DAY = 86400_000;

interface MemberBanner {
  deliveryId: string;
  campaignId: string;
  title: string;
  image: string;
  link: ContentLink | null;
  until: Date;
  seen: boolean;
}
interface MemberBannersDoc {
  _id: string;
  banners: MemberBanner[];
}
const schema = new Schema<MemberBannersDoc>({ _id: String, banners: { type: Schema.Types.Mixed, default: [] } }, { collection: 'insight_member_banners', versionKey: false, minimize: false });

/** At most this many campaign banners kept per member (oldest dropped). */
const KEEP = 10;

export function createCampaignBanners(deps: { conn: Connection; campaigns: CampaignModels; clock: Clock }) {
  const Banners = modelOn<MemberBannersDoc>(deps.conn, 'InsightMemberBanners', schema);
  const { Delivery } = deps.campaigns;

  return {
    /** Give the campaign's banner to these treated deliveries; every one is `given` (the banner costs nothing). */
    async give(c: CampaignDoc, list: DeliveryDoc[]): Promise<Map<string, { state: 'given' }>> {
      const a = c.action;
      if (a.kind !== 'banner' || !list.length) return new Map();
      const until = new Date(deps.clock.now().getTime() + a.days * DAY);
      await Banners.bulkWrite(
        list.map((d) => {
          const entry: MemberBanner = { deliveryId: d._id, campaignId: String(c._id), title: a.title, image: a.image, link: a.link, until, seen: false };
          return { updateOne: { filter: { _id: d.memberId, 'banners.deliveryId': { $ne: d._id } }, update: { $push: { banners: { $each: [entry], $slice: -KEEP } } }, upsert: true } };
        }),
        { ordered: false },
      ).catch((err) => {
        if (!(err as { writeErrors?: unknown[] }).writeErrors) throw err; // a duplicate upsert: the banner is already there
      });
      return new Map(list.map((d) => [d._id, { state: 'given' as const }]));
    },

    /** The member's live campaign banners for the home (newest first); marks first sight for the report. */
    async forMember(memberId: string): Promise<{ id: string; title: string; image: string; link: ContentLink | null }[]> {
      const doc = await Banners.findById(memberId).lean();
      const now = deps.clock.now().getTime();
      const live = (doc?.banners ?? []).filter((b) => new Date(b.until).getTime() > now).reverse();
      // One banner per campaign (a recurring campaign's later run replaces the earlier one).
      const seen = new Set<string>();
      const shown = live.filter((b) => !seen.has(b.campaignId) && seen.add(b.campaignId));
      const first = shown.filter((b) => !b.seen);
      if (first.length) {
        await Promise.all(
          first.flatMap((b) => [
            Banners.updateOne({ _id: memberId }, { $set: { 'banners.$[b].seen': true } }, { arrayFilters: [{ 'b.deliveryId': b.deliveryId, 'b.seen': false }] }),
            Delivery.updateOne({ _id: b.deliveryId, seenAt: null }, { $set: { seenAt: deps.clock.now() } }),
          ]),
        );
      }
      return shown.map((b) => ({ id: `campaign-${b.campaignId}`, title: b.title, image: b.image, link: b.link }));
    },
  };
}

export type CampaignBanners = ReturnType<typeof createCampaignBanners>;

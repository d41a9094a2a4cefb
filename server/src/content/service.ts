/**
 * Home-page content: the only writer of content_drafts / content_versions / content_live.
 * - Save: a guarded update on the draft's revision (`{_id, revision: base}` → `$inc revision`);
 *   a stale base revision is CONTENT_DRAFT_CONFLICT, never a silent overwrite.
 * - Publish revision r: insert version n+1 (unique `_id` page:n+1 and unique (page, draftRevision)),
 *   then move the live pointer forward with a guarded upsert (`version < n+1`). Publishing r again
 *   returns the first version and finishes a pointer move a crash left undone.
 * - Read: `GET /api/home` is one read of the live pointer by `_id`, filtered by audience.calc.ts.
 */
import type { Connection } from 'mongoose';
import type { HomeConfig, HomeDraftView, HomeView } from '@homeclub/shared';
import type { Clock } from '../platform/clock';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { AuditService } from '../system/audit';
import { contentModels, type VersionDoc } from './model';
import { DEFAULT_HOME, homeFor, type Audience } from './audience.calc';

const PAGE = 'home';

export interface VersionView {
  version: number;
  draftRevision: number;
  publishedAt: string;
  publishedBy: string;
  bannerCount: number;
}

function versionView(v: VersionDoc): VersionView {
  return { version: v.version, draftRevision: v.draftRevision, publishedAt: v.publishedAt.toISOString(), publishedBy: v.publishedBy, bannerCount: v.config.banners.length };
}

export function createContentService(deps: { conn: Connection; clock: Clock; audit: AuditService }) {
  const { Draft, Version, Live } = contentModels(deps.conn);

  async function publishedVersion(): Promise<number> {
    return (await Live.findById(PAGE, { version: 1 }).lean())?.version ?? 0;
  }

  async function draftView(): Promise<HomeDraftView> {
    const [draft, live] = await Promise.all([Draft.findById(PAGE).lean(), publishedVersion()]);
    if (!draft) return { config: DEFAULT_HOME, revision: 0, updatedAt: null, updatedBy: null, publishedVersion: live };
    return { config: draft.config, revision: draft.revision, updatedAt: draft.updatedAt.toISOString(), updatedBy: draft.updatedBy, publishedVersion: live };
  }

  /** Live pointer → version v (never backwards; a concurrent newer publish wins). */
  async function advanceLive(v: VersionDoc): Promise<void> {
    try {
      await Live.updateOne(
        { _id: PAGE, version: { $lt: v.version } },
        { $set: { version: v.version, config: v.config, publishedAt: v.publishedAt } },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // the pointer is already at v or later
    }
  }

  return {
    draft: draftView,

    async saveDraft(actorId: string, baseRevision: number, config: HomeConfig): Promise<HomeDraftView> {
      const now = deps.clock.now();
      let before: HomeConfig | null = null;
      if (baseRevision === 0) {
        try {
          await Draft.create({ _id: PAGE, config, revision: 1, updatedAt: now, updatedBy: actorId });
        } catch (err) {
          if (isDuplicateKey(err)) throw new AppError('CONTENT_DRAFT_CONFLICT', 'home draft already exists (base revision 0)');
          throw err;
        }
      } else {
        // the document before the update: the audit's before → after
        const old = await Draft.findOneAndUpdate(
          { _id: PAGE, revision: baseRevision },
          { $set: { config, updatedAt: now, updatedBy: actorId }, $inc: { revision: 1 } },
          { returnDocument: 'before' },
        ).lean();
        if (!old) throw new AppError('CONTENT_DRAFT_CONFLICT', `home draft is not at revision ${baseRevision}`);
        before = old.config;
      }
      await deps.audit.record(actorId, 'content.home.save', { baseRevision, banners: config.banners.map((b) => b.id), before, after: config });
      return draftView();
    },

    async publish(actorId: string, revision: number): Promise<VersionView> {
      const draft = await Draft.findById(PAGE).lean();
      if (!draft) throw new AppError('CONTENT_NOTHING_TO_PUBLISH', 'no home draft saved yet');
      const existing = await Version.findOne({ page: PAGE, draftRevision: revision }).lean();
      if (existing) {
        await advanceLive(existing);
        return versionView(existing);
      }
      if (draft.revision !== revision) throw new AppError('CONTENT_DRAFT_CONFLICT', `home draft is at revision ${draft.revision}, not ${revision}`);
      for (let attempt = 0; attempt < 5; attempt++) {
        const latest = await Version.find({ page: PAGE }, { version: 1 }).sort({ version: -1 }).limit(1).lean();
        const version = (latest[0]?.version ?? 0) + 1;
        const doc: VersionDoc = { _id: `${PAGE}:${version}`, page: PAGE, version, draftRevision: revision, config: draft.config, publishedAt: deps.clock.now(), publishedBy: actorId };
        try {
          await Version.create(doc);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          const same = await Version.findOne({ page: PAGE, draftRevision: revision }).lean();
          if (same) {
            // a concurrent publish of this revision won: the same version for both
            await advanceLive(same);
            return versionView(same);
          }
          continue; // the number was taken by another revision: take the next one
        }
        await advanceLive(doc);
        await deps.audit.record(actorId, 'content.home.publish', { version, revision });
        return versionView(doc);
      }
      throw new AppError('CONTENT_DRAFT_CONFLICT', 'could not take a version number after 5 attempts');
    },

    async versions(): Promise<{ items: VersionView[]; publishedVersion: number }> {
      const [items, live] = await Promise.all([Version.find({ page: PAGE }).sort({ version: -1 }).limit(50).lean(), publishedVersion()]);
      return { items: items.map(versionView), publishedVersion: live };
    },

    /** One published version with its config (NOT_FOUND when there is none). */
    async version(version: number): Promise<VersionView & { config: HomeConfig }> {
      const v = await Version.findById(`${PAGE}:${version}`).lean();
      if (!v) throw new AppError('NOT_FOUND', `home version ${version} not found`);
      return { ...versionView(v), config: v.config };
    },

    /** The published home for this audience (the default grid when nothing is published). */
    async home(who: Omit<Audience, 'at'>): Promise<HomeView> {
      const live = await Live.findById(PAGE).lean();
      return homeFor(live?.config ?? DEFAULT_HOME, live?.version ?? 0, { ...who, at: deps.clock.now() });
    },

    /** The draft as this audience would see it once published (version 0 = not published). */
    async preview(who: Omit<Audience, 'at'> & { at?: Date }, config?: HomeConfig): Promise<HomeView> {
      const draft = config ? null : await Draft.findById(PAGE).lean();
      return homeFor(config ?? draft?.config ?? DEFAULT_HOME, 0, { ...who, at: who.at ?? deps.clock.now() });
    },
  };
}

export type ContentService = ReturnType<typeof createContentService>;

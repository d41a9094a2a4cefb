/**
 * Home-page content: the draft (one document per page, `_id` = page), the published versions
 * (immutable, `_id` = `page:version`, unique per draft revision) and the live pointer (one
 * document per page holding the live version's config, so `GET /api/home` is one read by `_id`).
 * Shard keys: none needed (a few small documents per chain).
 */
import { Schema, type Connection } from 'mongoose';
import type { HomeConfig } from '@homeclub/shared';
import { modelOn } from '../platform/db/connect';

export interface DraftDoc {
  _id: string;
  config: HomeConfig;
  revision: number;
  updatedAt: Date;
  updatedBy: string;
}

export interface VersionDoc {
  _id: string;
  page: string;
  version: number;
  draftRevision: number;
  config: HomeConfig;
  publishedAt: Date;
  publishedBy: string;
}

export interface LiveDoc {
  _id: string;
  version: number;
  config: HomeConfig;
  publishedAt: Date;
}

const draftSchema = new Schema<DraftDoc>(
  {
    _id: { type: String, required: true },
    config: { type: Schema.Types.Mixed, required: true },
    revision: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'content_drafts', versionKey: false, minimize: false },
);

const versionSchema = new Schema<VersionDoc>(
  {
    _id: { type: String, required: true },
    page: { type: String, required: true },
    version: { type: Number, required: true },
    draftRevision: { type: Number, required: true },
    config: { type: Schema.Types.Mixed, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: String, required: true },
  },
  { collection: 'content_versions', versionKey: false, minimize: false },
);
// One version per draft revision: publishing the same revision twice returns the first version.
versionSchema.index({ page: 1, draftRevision: 1 }, { unique: true, name: 'page_revision_unique' });

const liveSchema = new Schema<LiveDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    config: { type: Schema.Types.Mixed, required: true },
    publishedAt: { type: Date, required: true },
  },
  { collection: 'content_live', versionKey: false, minimize: false },
);

export function contentModels(conn: Connection) {
  return {
    Draft: modelOn<DraftDoc>(conn, 'ContentDraft', draftSchema),
    Version: modelOn<VersionDoc>(conn, 'ContentVersion', versionSchema),
    Live: modelOn<LiveDoc>(conn, 'ContentLive', liveSchema),
  };
}

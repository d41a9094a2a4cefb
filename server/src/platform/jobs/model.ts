import { Schema, type Connection, type Types } from 'mongoose';
import { modelOn } from '../db/connect';

export type JobStatus = 'scheduled' | 'done' | 'failed';

export interface JobDoc {
  _id: Types.ObjectId;
  name: string;
  /** dedupe key: a second schedule with the same key is a no-op (recurring jobs use `every:<name>`) */
  uniqueKey: string;
  data: Record<string, unknown>;
  status: JobStatus;
  runAt: Date;
  intervalMs: number | null;
  lockedUntil: Date | null;
  lockedBy: string | null;
  attempts: number;
  maxAttempts: number;
  lastRunAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

const jobSchema = new Schema<JobDoc>(
  {
    name: { type: String, required: true },
    uniqueKey: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, required: true },
    runAt: { type: Date, required: true },
    intervalMs: { type: Number, default: null },
    lockedUntil: { type: Date, default: null },
    lockedBy: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    maxAttempts: { type: Number, default: 5 },
    lastRunAt: { type: Date, default: null },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'jobs', versionKey: false, minimize: false },
);
jobSchema.index({ uniqueKey: 1 }, { unique: true, name: 'jobs_unique_key' });
jobSchema.index({ status: 1, runAt: 1 }, { name: 'jobs_due' });

export const jobModel = (conn: Connection) => modelOn(conn, 'Job', jobSchema);

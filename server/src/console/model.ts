import { Schema, type Connection, type Types } from 'mongoose';
import { modelOn } from '../platform/db/connect';

/**
 * A one-time login ticket shown as a QR code: pending → confirmed (by a staff
 * member with console rights, in the mini-program) → used (the polling console
 * collected its session). Each move is one guarded update; expired ones are purged by a job.
 * Shard key: { _id: "hashed" } (small, short-lived).
 */
export interface ConsoleTicketDoc {
  _id: string;
  pollHash: string;
  state: 'pending' | 'confirmed' | 'used';
  createdAt: Date;
  expiresAt: Date;
  confirmedBy: Types.ObjectId | null;
  confirmedAt: Date | null;
  usedAt: Date | null;
}

const ticketSchema = new Schema<ConsoleTicketDoc>(
  {
    _id: { type: String, required: true },
    pollHash: { type: String, required: true },
    state: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    confirmedBy: { type: Schema.Types.ObjectId, default: null },
    confirmedAt: { type: Date, default: null },
    usedAt: { type: Date, default: null },
  },
  { collection: 'console_login_tickets', versionKey: false },
);
ticketSchema.index({ expiresAt: 1 }, { name: 'console_tickets_expiry' });

/**
 * A console session: the cookie holds a random token, only its hash is stored
 * (unique: each request finds the session by it). Revoked by logout; roles are
 * read from the member on every request. Shard key: { tokenHash: "hashed" }.
 */
export interface ConsoleSessionDoc {
  _id: Types.ObjectId;
  tokenHash: string;
  csrfHash: string;
  memberId: Types.ObjectId;
  via: 'scan' | 'demo';
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

const sessionSchema = new Schema<ConsoleSessionDoc>(
  {
    tokenHash: { type: String, required: true },
    csrfHash: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    via: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'console_sessions', versionKey: false },
);
sessionSchema.index({ tokenHash: 1 }, { unique: true, name: 'console_sessions_token_unique' });
sessionSchema.index({ expiresAt: 1 }, { name: 'console_sessions_expiry' });

export const consoleTicketModel = (conn: Connection) => modelOn(conn, 'ConsoleTicket', ticketSchema);
export const consoleSessionModel = (conn: Connection) => modelOn(conn, 'ConsoleSession', sessionSchema);

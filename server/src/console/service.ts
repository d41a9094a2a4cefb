/**
 * Console sign-in: one-time login tickets (QR), confirmation by a staff member
 * with console rights, the cookie session (stored hashed, revocable), and the
 * demo admin in sim mode. The only writer of console_login_tickets and console_sessions.
 */
import { randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import QRCode from 'qrcode';
import type { ConsolePollResponse, ConsoleTicketResponse, ConsoleUser, StaffConsoleTicketView } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Identity } from '../platform/http/context';
import { hashToken } from '../platform/auth/tokens';
import { canUseConsole } from '../platform/auth/guard';
import type { MembersService } from '../members/service';
import type { MembersConsole } from '../members/console';
import type { MemberDoc } from '../members/service';
import type { StoresService } from '../stores/service';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import type { AuditService } from '../system/audit';
import { consoleSessionModel, consoleTicketModel, type ConsoleTicketDoc } from './model';

export const TICKET_TTL_MS = 2 * 60_000;
export const SESSION_TTL_MS = 12 * 3600_000;
/** The staff page that confirms a console login (mini-program staff subpackage). */
export const CONFIRM_PAGE = 'pages-staff/console-login/index';

export interface ConsoleAuthSettings {
  mode: 'sim' | 'live';
  /** the server's public base URL (sim mode's QR opens the H5 build there) */
  publicUrl: string;
  /** the seeded demo admin's openid (sim mode's 演示管理员登录) */
  demoAdminOpenid: string;
}

/** A new console session: the cookie values the route sets, and who signed in. */
export interface NewConsoleSession {
  token: string;
  csrf: string;
  expiresAt: Date;
  user: ConsoleUser;
}

const randomId = (bytes: number) => randomBytes(bytes).toString('base64url');

export function createConsoleAuthService(deps: {
  conn: Connection;
  clock: Clock;
  members: MembersService;
  membersConsole: MembersConsole;
  stores: StoresService;
  wechat: MiniProgramClient;
  audit: AuditService;
  settings: ConsoleAuthSettings;
}) {
  const Ticket = consoleTicketModel(deps.conn);
  const Session = consoleSessionModel(deps.conn);
  const { clock, settings } = deps;

  async function userOf(member: MemberDoc): Promise<ConsoleUser> {
    const identity = { roles: member.roles, staffStoreId: member.staffStoreId ? String(member.staffStoreId) : null };
    if (!canUseConsole(identity)) throw new AppError('CONSOLE_NOT_ALLOWED', `member ${String(member._id)} has no console role`);
    const admin = member.roles.includes('admin');
    const store = !admin && identity.staffStoreId ? await deps.stores.get(identity.staffStoreId) : null;
    return {
      id: String(member._id),
      nickname: member.nickname,
      role: admin ? 'admin' : 'manager',
      storeId: admin ? null : identity.staffStoreId,
      storeName: store?.name ?? null,
      canExport: admin && (member.permissions ?? []).includes('export'),
    };
  }

  async function openSession(member: MemberDoc, via: 'scan' | 'demo'): Promise<NewConsoleSession> {
    const user = await userOf(member);
    const now = clock.now();
    const token = randomId(32);
    const csrf = randomId(24);
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await Session.create({
      tokenHash: hashToken(token),
      csrfHash: hashToken(csrf),
      memberId: member._id,
      via,
      createdAt: now,
      expiresAt,
    });
    await deps.audit.record(user.id, 'console.login', { via });
    return { token, csrf, expiresAt, user };
  }

  function stateOf(t: Pick<ConsoleTicketDoc, 'state' | 'expiresAt'>): StaffConsoleTicketView['state'] {
    if (t.state === 'used') return 'used';
    return t.expiresAt.getTime() <= clock.now().getTime() ? 'expired' : t.state;
  }

  async function qrFor(ticketId: string): Promise<{ qrContent: string; qrSvg: string }> {
    if (settings.mode === 'sim') {
      const qrContent = `${settings.publicUrl}/#/${CONFIRM_PAGE}?ticket=${ticketId}`;
      return { qrContent, qrSvg: await QRCode.toString(qrContent, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) };
    }
    // Live: a mini-program code whose scene carries the ticket (32 visible characters at most).
    const scene = `t=${ticketId}`;
    const png = await deps.wechat.getUnlimitedQrCode({ scene, page: CONFIRM_PAGE, width: 280 });
    const href = `data:image/png;base64,${png.toString('base64')}`;
    return {
      qrContent: scene,
      qrSvg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 280 280"><image href="${href}" width="280" height="280"/></svg>`,
    };
  }

  return {
    async createTicket(): Promise<ConsoleTicketResponse> {
      const now = clock.now();
      const ticketId = randomId(16); // 22 characters
      const pollToken = randomId(24);
      const expiresAt = new Date(now.getTime() + TICKET_TTL_MS);
      const qr = await qrFor(ticketId);
      await Ticket.create({ _id: ticketId, pollHash: hashToken(pollToken), state: 'pending', createdAt: now, expiresAt });
      return { ticketId, pollToken, ...qr, expiresAt: expiresAt.toISOString() };
    },

    /** The console polls; the first poll after confirmation turns the ticket into a session (once). */
    async poll(
      ticketId: string,
      pollToken: string,
    ): Promise<{ state: ConsolePollResponse['state']; session: NewConsoleSession | null }> {
      const pollHash = hashToken(pollToken);
      const now = clock.now();
      const used = await Ticket.findOneAndUpdate(
        { _id: ticketId, pollHash, state: 'confirmed', expiresAt: { $gt: now } },
        { $set: { state: 'used', usedAt: now } },
        { returnDocument: 'after', lean: true },
      );
      if (used) {
        const member = await deps.members.get(String(used.confirmedBy));
        if (!member) throw new AppError('CONSOLE_TICKET_INVALID', `confirming member of ticket ${ticketId} is gone`);
        return { state: 'used', session: await openSession(member, 'scan') };
      }
      const t = await Ticket.findOne({ _id: ticketId, pollHash }).lean();
      if (!t) throw new AppError('CONSOLE_TICKET_INVALID', `unknown ticket ${ticketId} or wrong poll token`);
      // A used ticket never yields a second session.
      return { state: stateOf(t), session: null };
    },

    async viewForStaff(identity: Identity, ticketId: string): Promise<StaffConsoleTicketView> {
      const t = await Ticket.findById(ticketId).lean();
      if (!t) throw new AppError('CONSOLE_TICKET_INVALID', `unknown ticket ${ticketId}`);
      return { ticketId, state: stateOf(t), expiresAt: t.expiresAt.toISOString(), allowed: canUseConsole(identity) };
    },

    /** The staff member confirms in the mini-program: pending and unexpired → confirmed by them. */
    async confirm(identity: Identity, ticketId: string): Promise<StaffConsoleTicketView> {
      if (!canUseConsole(identity))
        throw new AppError('CONSOLE_NOT_ALLOWED', `member ${identity.memberId} may not open the console`);
      const now = clock.now();
      const t = await Ticket.findOneAndUpdate(
        { _id: ticketId, state: 'pending', expiresAt: { $gt: now } },
        { $set: { state: 'confirmed', confirmedBy: new Types.ObjectId(identity.memberId), confirmedAt: now } },
        { returnDocument: 'after', lean: true },
      );
      if (!t) throw new AppError('CONSOLE_TICKET_INVALID', `ticket ${ticketId} is not pending (used, expired or unknown)`);
      return { ticketId, state: stateOf(t), expiresAt: t.expiresAt.toISOString(), allowed: true };
    },

    async demoLogin(): Promise<NewConsoleSession> {
      if (settings.mode !== 'sim') throw new AppError('CONSOLE_DEMO_DISABLED', 'demo admin login outside sim mode');
      const member = await deps.membersConsole.findByOpenid(settings.demoAdminOpenid);
      if (!member) throw new AppError('CONSOLE_NOT_ALLOWED', 'the demo admin is not seeded');
      return openSession(member, 'demo');
    },

    /** Every console request: a live session → the member's current roles (a removed role ends access at once). */
    async load(token: string): Promise<(Identity & { csrfHash: string }) | null> {
      const s = await Session.findOne({ tokenHash: hashToken(token), revokedAt: null, expiresAt: { $gt: clock.now() } }).lean();
      if (!s) return null;
      const member = await deps.members.get(String(s.memberId));
      if (!member) return null;
      return {
        memberId: String(member._id),
        sessionId: String(s._id),
        roles: member.roles,
        staffStoreId: member.staffStoreId ? String(member.staffStoreId) : null,
        channel: 'console',
        permissions: member.permissions ?? [],
        csrfHash: s.csrfHash,
      };
    },

    async me(identity: Identity): Promise<ConsoleUser> {
      return userOf(await deps.members.require(identity.memberId));
    },

    async logout(identity: Identity): Promise<void> {
      await Session.updateOne({ _id: identity.sessionId, revokedAt: null }, { $set: { revokedAt: clock.now() } });
      await deps.audit.record(identity.memberId, 'console.logout', {});
    },

    /** Job: delete expired tickets and sessions (the test engine has no TTL indexes). */
    async purgeExpired(): Promise<number> {
      const cutoff = clock.now();
      const [a, b] = await Promise.all([
        Ticket.deleteMany({ expiresAt: { $lt: cutoff } }),
        Session.deleteMany({ expiresAt: { $lt: cutoff } }),
      ]);
      return (a.deletedCount ?? 0) + (b.deletedCount ?? 0);
    },
  };
}

export type ConsoleAuthService = ReturnType<typeof createConsoleAuthService>;

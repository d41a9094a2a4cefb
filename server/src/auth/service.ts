import { Types, type Connection } from 'mongoose';
import type { SessionResponse } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Identity } from '../platform/http/context';
import { hashToken, newRefreshToken, signAccessToken } from '../platform/auth/tokens';
import type { MembersService } from '../members/service';
import type { MemberDoc } from '../members/service';
import { toMemberView } from '../members/view';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import { sessionModel } from './model';

export interface AuthSettings {
  secret: string;
  accessTtlSeconds: number;
  refreshTtlDays: number;
}

export function createAuthService(deps: {
  conn: Connection;
  clock: Clock;
  members: MembersService;
  wechat: MiniProgramClient;
  settings: AuthSettings;
  /** first login of a new member (sign-up bonus, new-member gifts); failures are retried on the next login */
  onNewMember?: (memberId: string) => Promise<void>;
  /** a phone was bound (referral leads); failures are logged, never block the binding */
  onPhoneBound?: (memberId: string) => Promise<void>;
}) {
  const Session = sessionModel(deps.conn);
  const { settings, clock } = deps;

  async function issue(member: MemberDoc, familyId: Types.ObjectId, isNew: boolean): Promise<SessionResponse> {
    const now = clock.now();
    const refreshToken = newRefreshToken();
    const session = await Session.create({
      memberId: member._id,
      familyId,
      refreshHash: hashToken(refreshToken),
      createdAt: now,
      expiresAt: new Date(now.getTime() + settings.refreshTtlDays * 86400_000),
    });
    const iat = Math.floor(now.getTime() / 1000);
    const accessToken = signAccessToken(settings.secret, {
      sub: String(member._id),
      sid: String(session._id),
      fam: String(familyId),
      iat,
      exp: iat + settings.accessTtlSeconds,
    });
    return { accessToken, accessExpiresIn: settings.accessTtlSeconds, refreshToken, member: toMemberView(member), isNew };
  }

  return {
    /** wx.login code → member (created once per openid) → session. */
    async login(code: string, via: { inviter?: string; scene?: number } = {}): Promise<SessionResponse> {
      const wx = await deps.wechat.code2session(code);
      // The invite code and scene are kept only by the upsert that creates the member: never re-bound later.
      const { member, isNew } = await deps.members.upsertByOpenid({ openid: wx.openid, unionid: wx.unionid, via: { inviter: via.inviter, scene: via.scene } });
      // Idempotent (ledger keys), so it also runs on later logins to finish what a crash interrupted.
      if (deps.onNewMember && (isNew || clock.now().getTime() - member.createdAt.getTime() < 24 * 3600_000)) {
        await deps.onNewMember(String(member._id)).catch(() => undefined); // retried on the next login
      }
      return issue(member, new Types.ObjectId(), isNew);
    },

    /** Each refresh token works once; presenting a rotated one revokes its whole family (token theft). */
    async refresh(refreshToken: string): Promise<SessionResponse> {
      const now = clock.now();
      const hash = hashToken(refreshToken);
      const rotated = await Session.findOneAndUpdate(
        { refreshHash: hash, rotatedAt: null, revokedAt: null, expiresAt: { $gt: now } },
        { $set: { rotatedAt: now } },
        { returnDocument: 'after', lean: true },
      );
      if (!rotated) {
        const known = await Session.findOne({ refreshHash: hash }).lean();
        if (known?.rotatedAt && !known.revokedAt) {
          await deps.members.revokeFamily(known.memberId, known.familyId);
          await Session.updateMany({ familyId: known.familyId, revokedAt: null }, { $set: { revokedAt: now } });
        }
        throw new AppError('AUTH_REFRESH_INVALID', known ? 'refresh token already used, revoked or expired' : 'unknown refresh token');
      }
      const member = await deps.members.get(String(rotated.memberId));
      if (!member) throw new AppError('AUTH_REFRESH_INVALID', 'member of this session no longer exists');
      return issue(member, rotated.familyId, false);
    },

    async logout(refreshToken: string): Promise<void> {
      const s = await Session.findOne({ refreshHash: hashToken(refreshToken) }).lean();
      if (s) await deps.members.revokeFamily(s.memberId, s.familyId);
      if (s) await Session.updateMany({ familyId: s.familyId, revokedAt: null }, { $set: { revokedAt: clock.now() } });
    },

    async bindPhone(identity: Identity, code: string) {
      const member = await deps.members.require(identity.memberId);
      const phone = await deps.wechat.getPhoneNumber(code, member.openid);
      const bound = await deps.members.bindPhone(identity.memberId, phone);
      if (deps.onPhoneBound) await deps.onPhoneBound(identity.memberId).catch(() => undefined);
      return toMemberView(bound);
    },

    /**
     * Used by the authenticate middleware on every request: current roles, live session family.
     * A token naming its family costs one read (the member, which lists revoked families, by `_id`);
     * the member is handed to the route. Older tokens without a family also read their session.
     */
    async loadIdentity(memberId: string, sessionId: string, familyId?: string): Promise<Identity | null> {
      if (!Types.ObjectId.isValid(memberId) || !Types.ObjectId.isValid(sessionId)) return null;
      const [member, session] = await Promise.all([
        deps.members.get(memberId),
        familyId ? { _id: sessionId } : Session.findOne({ _id: sessionId, revokedAt: null }, { _id: 1 }).lean(),
      ]);
      if (!member || !session) return null;
      if (familyId && (member.revokedFamilies ?? []).some((f) => String(f) === familyId)) return null;
      return {
        memberId,
        sessionId,
        roles: member.roles,
        staffStoreId: member.staffStoreId ? String(member.staffStoreId) : null,
        member,
      };
    },

    /** Job: delete sessions past their expiry (the test engine has no TTL indexes). */
    async purgeExpired(): Promise<number> {
      const r = await Session.deleteMany({ expiresAt: { $lt: clock.now() } });
      return r.deletedCount ?? 0;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

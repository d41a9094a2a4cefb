/**
 * The member club: card, tiers from growth, birthday perk, profile, rotating
 * member code for the till. Points go through the points ledger, growth
 * through the growth ledger; tier is derived from growth.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import {
  maskPhone,
  memberCode,
  parseMemberCode,
  timeStep,
  hotp,
  type MemberCard,
  type MemberCodeResolveResponse,
  type MembershipSettings,
  type TierView,
} from '@homeclub/shared';
import { AppError, isDuplicateKey } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Identity } from '../platform/http/context';
import type { MemberDoc, MemberSlice } from '../members/service';
import type { PointsService } from '../points/service';
import type { AuditService } from '../system/audit';
import type { StoresService } from '../stores/service';
import type { SettingsStore } from './settings';
import type { GrowthLedger } from './growth';
import { tillHolder, type MemberTokens } from './member-token';
import { createBirthdayGifts } from './birthday';
import { createGreetings } from './greetings';
import { createAdjustments } from './adjustments';
import { nextReviewDate, nextTierCode, nextTierOf, perksOf, spendNeededFen, tierFor } from './tier.calc';

/** Two digits at the start of every member code of this chain. */
export const CHAIN_CODE_PREFIX = '42';

export function createMembershipService(deps: {
  conn: Connection;
  memberSlice: MemberSlice;
  clock: Clock;
  logger: Logger;
  settings: SettingsStore;
  points: PointsService;
  growth: GrowthLedger;
  audit: AuditService;
  stores: StoresService;
  memberTokens: MemberTokens;
  /** wired by the coupons module: usable coupons count, birthday coupon */
  hooks: {
    usableCoupons(memberId: string): Promise<number>;
    birthdayCoupon(memberId: string, year: number, templateId: string): Promise<void>;
    newMemberCoupons(memberId: string): Promise<{ id: string; name: string }[]>;
  };
}) {
  const Member = deps.memberSlice; // tier, growth, card and profile fields of the member document
  const { clock } = deps;
  const birthdays = createBirthdayGifts({ ...deps, birthdayCoupon: (memberId, year, templateId) => deps.hooks.birthdayCoupon(memberId, year, templateId) });

  async function requireMember(memberId: string): Promise<MemberDoc> {
    const m = Types.ObjectId.isValid(memberId) ? await Member.findById(memberId) : null;
    if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
    return m;
  }

  /** Card number and code secret are given on first use (guarded, unique card number). */
  async function ensureCardNo(m: MemberDoc): Promise<MemberDoc> {
    if (m.cardNo && m.codeSecret) return m;
    for (let attempt = 0; attempt < 5; attempt++) {
      const cardNo = String(randomInt(1_000_000_000, 9_999_999_999));
      try {
        const updated = await Member.findOneAndUpdate({ _id: m._id, cardNo: { $exists: false } }, { $set: { cardNo, codeSecret: randomBytes(20).toString('hex') } });
        if (updated) return updated;
        return (await Member.findById(m._id))!;
      } catch (err) {
        if (!isDuplicateKey(err, 'members_card_no_unique')) throw err;
      }
    }
    throw new AppError('INTERNAL', 'could not allocate a card number');
  }

  /** Recompute the tier from growth: upgrades now, downgrades only when allowed (review). */
  /** `loaded`: the member's growth and tier as the caller's own update returned them (the first attempt reads nothing) */
  async function recomputeTier(memberId: Types.ObjectId, settings: MembershipSettings, allowDowngrade: boolean, loaded?: MemberDoc | null): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const m = attempt === 0 && loaded ? loaded : await Member.findById(memberId, { growth: 1, tierCode: 1, tierReviewAt: 1 });
      if (!m) return;
      const code = nextTierCode(m.tierCode, m.growth ?? 0, settings.tiers, allowDowngrade);
      const reviewAt = m.tierReviewAt ?? nextReviewDate(clock.now(), settings.reviewMonthDay);
      if (code === m.tierCode && m.tierReviewAt) return;
      const res = await Member.updateOne({ _id: memberId, tierCode: m.tierCode ?? null, growth: m.growth ?? 0 }, { $set: { tierCode: code, tierReviewAt: reviewAt } });
      if (res.modifiedCount === 1 || res.matchedCount === 1) return;
    }
  }

  const service = {
    /** console points adjustments, with a second admin's approval above the threshold (adjustments.ts) */
    adjustments: createAdjustments({ conn: deps.conn, clock, points: deps.points, audit: deps.audit, memberSlice: Member }),
    /** 首页's popup: welcome gifts and tier upgrade, each once (greetings.ts). */
    greetings: createGreetings({ ...deps, newMemberCoupons: (memberId) => deps.hooks.newMemberCoupons(memberId) }),
    /** The member's tier (stored, or derived from growth before the first recompute). */
    async tier(memberId: string, loaded?: MemberDoc): Promise<TierView> {
      const [m, settings] = await Promise.all([loaded ?? requireMember(memberId), deps.settings.get()]);
      return settings.tiers.find((t) => t.code === m.tierCode) ?? tierFor(m.growth ?? 0, settings.tiers);
    },
    /** What pricing needs about a member: available points and tier, with the settings (one member read, one settings read). */
    async pricingProfile(memberId: string, loaded?: MemberDoc): Promise<{ pointsAvailable: number; tier: TierView; settings: MembershipSettings }> {
      const [m, settings] = await Promise.all([
        loaded ?? (Types.ObjectId.isValid(memberId) ? Member.findById(memberId, { 'points.available': 1, tierCode: 1, growth: 1 }) : null),
        deps.settings.get(),
      ]);
      if (!m) throw new AppError('MEMBER_NOT_FOUND', `member ${memberId} not found`);
      const tier = settings.tiers.find((t) => t.code === m.tierCode) ?? tierFor(m.growth ?? 0, settings.tiers);
      return { pointsAvailable: m.points?.available ?? 0, tier, settings };
    },
    /** `loaded`: the member document the caller already read this request (authentication's) */
    async tierOf(memberId: string, loaded?: MemberDoc): Promise<string> {
      if (loaded?.tierCode) return loaded.tierCode; // stored by every recompute: no settings read
      return (await service.tier(memberId, loaded)).code;
    },

    /** `loaded`: the member document authentication read this request (one read less) */
    async card(memberId: string, loaded?: MemberDoc): Promise<MemberCard> {
      const [m0, settings] = await Promise.all([loaded ?? requireMember(memberId), deps.settings.get()]);
      const points = await deps.points.summary(memberId, m0); // the member read once, passed down
      const m = await ensureCardNo(m0);
      const tier = settings.tiers.find((t) => t.code === m.tierCode) ?? tierFor(m.growth ?? 0, settings.tiers);
      const next = nextTierOf(tier, settings.tiers);
      const growth = m.growth ?? 0;
      return {
        memberId: String(m._id),
        cardNo: m.cardNo!,
        nickname: m.nickname,
        phoneMasked: maskPhone(m.phone),
        tier,
        nextTier: next
          ? {
              name: next.name,
              threshold: next.threshold,
              growthNeeded: Math.max(0, next.threshold - growth),
              spendNeededFen: spendNeededFen(next.threshold - growth, settings.growthPerYuan),
            }
          : null,
        growth,
        points,
        perks: perksOf(tier),
        birthday: m.birthday ?? null,
        homeCity: m.homeCity ?? null,
        preferredStoreId: m.preferredStoreId ? String(m.preferredStoreId) : null,
      };
    },

    /** Birthday can be set once; set during the birthday month, this year's gift is granted at once (birthday.calc.ts). */
    async setBirthday(memberId: string, birthday: string): Promise<MemberCard> {
      const month = Number(birthday.slice(5, 7));
      const res = await Member.updateOne({ _id: memberId, birthday: null }, { $set: { birthday, birthdayMonth: month } });
      if (res.matchedCount === 0) {
        await requireMember(memberId);
        throw new AppError('BIRTHDAY_ALREADY_SET', `member ${memberId} already has a birthday`);
      }
      await birthdays.grantIfDue(memberId);
      return service.card(memberId);
    },

    async updateProfile(memberId: string, p: { nickname?: string; avatarUrl?: string | null; homeCity?: string | null; preferredStoreId?: string | null }): Promise<MemberCard> {
      if (p.preferredStoreId) await deps.stores.require(p.preferredStoreId);
      const set: Record<string, unknown> = {};
      if (p.nickname !== undefined) set.nickname = p.nickname;
      if (p.avatarUrl !== undefined) set.avatarUrl = p.avatarUrl;
      if (p.homeCity !== undefined) set.homeCity = p.homeCity;
      if (p.preferredStoreId !== undefined) set.preferredStoreId = p.preferredStoreId ? new Types.ObjectId(p.preferredStoreId) : null;
      if (Object.keys(set).length) await Member.updateOne({ _id: memberId }, { $set: set });
      return service.card(memberId);
    },

    async codeSecret(memberId: string) {
      const m = await ensureCardNo(await requireMember(memberId));
      return { cardNo: m.cardNo!, secret: m.codeSecret!, periodSeconds: 60, chainPrefix: CHAIN_CODE_PREFIX };
    },

    /** The code the member's phone shows now (used by tests and the demo). */
    async currentCode(memberId: string): Promise<string> {
      const s = await service.codeSecret(memberId);
      return memberCode(s.chainPrefix, s.cardNo, s.secret, clock.now().getTime());
    },

    /**
     * Staff scan: the code of the current or the previous 60 s window resolves
     * (a code being shown while it rotates); older ones are expired; a wrong
     * secret, card or chain is refused. Lookup only: replays change nothing.
     */
    async resolveCode(staff: Identity, code: string): Promise<MemberCodeResolveResponse> {
      return service.resolveCodeFor({ holder: tillHolder(staff.memberId), actor: staff.memberId, storeId: staff.staffStoreId ?? null }, code);
    },

    /** The same lookup for a clerk or a store's POS system (`holder` receives the till token). */
    async resolveCodeFor(who: { holder: string; actor: string; storeId: string | null }, code: string): Promise<MemberCodeResolveResponse> {
      const parsed = parseMemberCode(code);
      if (!parsed) throw new AppError('MEMBER_CODE_INVALID', 'not an 18-digit member code');
      if (parsed.chainPrefix !== CHAIN_CODE_PREFIX) throw new AppError('MEMBER_CODE_OTHER_CHAIN', `prefix ${parsed.chainPrefix}`);
      const m = await Member.findOne({ cardNo: parsed.cardNo });
      if (!m?.codeSecret) throw new AppError('MEMBER_CODE_INVALID', `no member with card ${parsed.cardNo}`);
      const step = timeStep(clock.now().getTime());
      const valid = [step, step - 1].some((s) => hotp(m.codeSecret!, s) === parsed.otp);
      if (!valid) {
        const recent = Array.from({ length: 30 }, (_, i) => step - 2 - i).some((s) => hotp(m.codeSecret!, s) === parsed.otp);
        throw new AppError(recent ? 'MEMBER_CODE_EXPIRED' : 'MEMBER_CODE_INVALID', `code for card ${parsed.cardNo} does not match the current window`);
      }
      const [settings, points] = await Promise.all([deps.settings.get(), deps.points.summary(String(m._id))]);
      const tier = settings.tiers.find((t) => t.code === m.tierCode) ?? tierFor(m.growth ?? 0, settings.tiers);
      await deps.audit.record(who.actor, 'member_code.resolve', { memberId: String(m._id), storeId: who.storeId });
      return {
        memberId: String(m._id),
        cardNo: m.cardNo!,
        nickname: m.nickname,
        phoneMasked: maskPhone(m.phone),
        tier: { code: tier.code, name: tier.name, color: tier.color },
        availablePoints: points.available,
        usableCoupons: await deps.hooks.usableCoupons(String(m._id)),
        storeId: who.storeId,
        memberToken: deps.memberTokens.issue(String(m._id), who.holder),
      };
    },

    /** Growth from a paid amount or its refund (idempotent by key); the tier follows at once (upgrades). */
    /** `loaded`: the settings this request or step run already read */
    async addGrowth(input: { memberId: string; delta: number; reason: string; key: string }, loaded?: MembershipSettings): Promise<number> {
      const { applied, member } = await deps.growth.applyWithMember(input);
      const settings = loaded ?? (await deps.settings.get());
      await recomputeTier(new Types.ObjectId(input.memberId), settings, false, member);
      return applied;
    },

    /** First login: sign-up bonus, once. */
    async onNewMember(memberId: string): Promise<void> {
      const settings = await deps.settings.get();
      if (settings.signupBonusPoints > 0) {
        await deps.points.earn({ memberId, amount: settings.signupBonusPoints, reason: 'signup', source: 'signup', reference: memberId, leg: 'bonus', note: '新会员注册奖励' });
      }
      await recomputeTier(new Types.ObjectId(memberId), settings, false);
    },

    /** Job: the birthday perk, once a year, in the birthday month (Asia/Shanghai). */
    async grantBirthdayPerks(limit = 500): Promise<number> {
      return birthdays.grantDue(limit);
    },

    /** Job: annual tier review — the only time a tier goes down. */
    async reviewTiers(limit = 1000): Promise<number> {
      const now = clock.now();
      const settings = await deps.settings.get();
      const due = await Member.find({ tierReviewAt: { $lte: now } }, { projection: { _id: 1 }, limit });
      for (const m of due) {
        await recomputeTier(m._id, settings, true);
        await Member.updateOne({ _id: m._id, tierReviewAt: { $lte: now } }, { $set: { tierReviewAt: nextReviewDate(now, settings.reviewMonthDay) } });
      }
      return due.length;
    },

    async adjustPoints(actor: Identity, memberId: string, amount: number, reason: string, idempotencyKey: string) {
      await requireMember(memberId);
      const entry = await deps.points.adjust({ memberId, amount, source: 'admin', reference: idempotencyKey, leg: 'adjust', note: reason, actorId: actor.memberId });
      await deps.audit.record(actor.memberId, 'points.adjust', { memberId, amount, reason, entryId: String(entry._id), idempotencyKey }).catch(() => undefined);
      return entry;
    },

    async getSettings() {
      return deps.settings.get();
    },
    /** The settings with their revision, for an editor that saves with putSettingsVersioned. */
    async getSettingsVersioned() {
      const [settings, revision] = await Promise.all([deps.settings.get(), deps.settings.revision()]);
      return { settings, revision };
    },
    /** Console save: refused with SETTINGS_CONFLICT unless `baseRevision` is still current; audited before → after. */
    async putSettingsVersioned(actorId: string, s: MembershipSettings, baseRevision: number) {
      const before = await deps.settings.get();
      const revision = await deps.settings.putVersioned(s, baseRevision);
      const settings = await deps.settings.get();
      await deps.audit.record(actorId, 'membership.settings', { revision, before, after: settings });
      return { settings, revision };
    },
    async putSettings(actor: Identity, s: MembershipSettings) {
      const saved = await deps.settings.put(s);
      await deps.audit.record(actor.memberId, 'membership.settings', { tiers: s.tiers.map((t) => t.code) });
      return saved;
    },
  };
  return service;
}

export type MembershipService = ReturnType<typeof createMembershipService>;

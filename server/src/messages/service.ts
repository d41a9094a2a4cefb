/**
 * Subscribe messages (订阅消息): the chain's mapping of each reminder kind to its WeChat template (id, which value goes
 * into which keyword, on/off), saved on a revision like the other settings, and `compose` for the senders (booking
 * reminders, coupon expiry): the template id and WeChat's `data`, or null when the chain switched the kind off.
 * A test send puts the kind's sample values to a member found by phone; in sim mode the simulator first records the
 * consent a phone's 订阅 sheet would give, so the message shows in the simulator's console (/sim/).
 */
import type { Connection } from 'mongoose';
import {
  DEFAULT_MESSAGE_TEMPLATES,
  MESSAGE_KINDS,
  composeMessage,
  mappingProblems,
  messageKindInfo,
  type MessageKind,
  type MessageSettings,
  type MessageTemplateSetting,
} from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Clock } from '../platform/clock';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import type { MiniProgramClient } from '../wechat/miniprogram/client';
import { messageSettingsModel } from './model';

const ID = 'default';

export interface ComposedMessage {
  templateId: string;
  data: Record<string, { value: string }>;
}

export function createMessagesService(deps: { conn: Connection; clock: Clock; audit: AuditService; members: Pick<MembersService, 'findByPhone'>; wechat: MiniProgramClient; simMode: boolean }) {
  const Settings = messageSettingsModel(deps.conn);

  async function load(): Promise<{ templates: MessageTemplateSetting[]; revision: number }> {
    const doc = await Settings.findById(ID).lean();
    const stored = new Map((doc?.templates ?? []).map((t) => [t.kind, t]));
    return { templates: DEFAULT_MESSAGE_TEMPLATES.map((d) => stored.get(d.kind) ?? d), revision: doc?.revision ?? 0 };
  }

  function validate(s: MessageSettings): void {
    const fields: { path: string; message: string }[] = [];
    const seen = new Set<MessageKind>();
    s.templates.forEach((t, i) => {
      if (seen.has(t.kind)) fields.push({ path: `body.settings.templates.${i}.kind`, message: '同一类提醒只能配置一次' });
      seen.add(t.kind);
      for (const [j, message] of mappingProblems(t)) fields.push({ path: j < 0 ? `body.settings.templates.${i}.fields` : `body.settings.templates.${i}.fields.${j}.key`, message });
    });
    if (fields.length) throw new AppError('VALIDATION_FAILED', `message mapping refused: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, { fields });
  }

  return {
    /** The mini-program asks consent for these (kinds switched on). */
    async templateIds(): Promise<{ kind: MessageKind; templateId: string }[]> {
      return (await load()).templates.filter((t) => t.enabled).map((t) => ({ kind: t.kind, templateId: t.templateId }));
    },
    /** For a sender: the template and its data from the send's values, or null when the kind is switched off. */
    async compose(kind: MessageKind, values: Record<string, string>): Promise<ComposedMessage | null> {
      return (await this.composer(kind))?.(values) ?? null;
    },
    /** For a batch of sends of one kind (one settings read): a composer, or null when the kind is switched off. */
    async composer(kind: MessageKind): Promise<((values: Record<string, string>) => ComposedMessage) | null> {
      const t = (await load()).templates.find((x) => x.kind === kind);
      return t?.enabled ? (values) => ({ templateId: t.templateId, data: composeMessage(t.fields, values) }) : null;
    },
    async settings(): Promise<{ settings: MessageSettings; revision: number }> {
      const { templates, revision } = await load();
      return { settings: { templates }, revision };
    },
    /** A console save on the revision it loaded: one guarded update, so of two saves on one revision one wins. */
    async putVersioned(actorId: string, s: MessageSettings, baseRevision: number) {
      validate(s);
      const before = await load();
      const byKind = new Map(s.templates.map((t) => [t.kind, t]));
      const templates = MESSAGE_KINDS.map((k) => byKind.get(k) ?? before.templates.find((t) => t.kind === k)!);
      let saved: unknown = null;
      try {
        saved = await Settings.findOneAndUpdate(
          { _id: ID, revision: baseRevision === 0 ? { $in: [0, null] } : baseRevision },
          { $set: { templates, revision: baseRevision + 1, updatedAt: deps.clock.now() } },
          { upsert: baseRevision === 0, returnDocument: 'after', lean: true },
        );
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
      if (!saved) throw new AppError('SETTINGS_CONFLICT', `message settings moved past ${baseRevision}`);
      await deps.audit.record(actorId, 'messages.settings', { revision: baseRevision + 1, before: { templates: before.templates }, after: { templates } });
      return { settings: { templates }, revision: baseRevision + 1 };
    },
    /** 测试发送: the kind's sample values to the member bound to `phone`. */
    async testSend(actorId: string, kind: MessageKind, phone: string) {
      const [member] = await deps.members.findByPhone(phone);
      if (!member) throw new AppError('MEMBER_NOT_FOUND', `no member bound to ${phone}`, { fields: [{ path: 'body.phone', message: '没有绑定此手机号的会员' }] });
      const t = (await load()).templates.find((x) => x.kind === kind)!;
      const info = messageKindInfo(kind);
      const data = composeMessage(t.fields, Object.fromEntries(info.sources.map((x) => [x.key, x.sample])));
      if (deps.simMode) await deps.wechat.simGrantConsent(member.openid, t.templateId);
      const r = await deps.wechat.sendSubscribeMessage({ toUser: member.openid, templateId: t.templateId, page: info.page, data });
      await deps.audit.record(actorId, 'messages.test', { kind, templateId: t.templateId, memberId: String(member._id), sent: r.sent });
      return { sent: r.sent, reason: r.sent ? null : 'not_subscribed' as const, templateId: t.templateId, data, simulated: deps.simMode };
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;

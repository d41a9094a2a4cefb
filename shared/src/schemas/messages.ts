/** Subscribe-message settings (消息模板): the mapping of each kind to a WeChat template, versioned; the test send. */
import { z } from 'zod';
import { MESSAGE_KINDS } from '../messages/catalog';

export const messageKind = z.enum(MESSAGE_KINDS);
export const messageFieldMap = z.object({
  key: z.string().trim().min(1, '请填写关键词').max(32),
  source: z.string().min(1, '请选择要填入的内容').max(32),
});
export const messageTemplateSetting = z.object({
  kind: messageKind,
  enabled: z.boolean(),
  templateId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, '模板 ID 只能包含字母、数字、- 和 _（在微信公众平台「订阅消息」中复制）'),
  fields: z.array(messageFieldMap).max(10, '最多 10 个字段'),
});
export const messageSettings = z.object({ templates: z.array(messageTemplateSetting).min(1).max(MESSAGE_KINDS.length) });
export type MessageSettings = z.infer<typeof messageSettings>;
export const versionedMessageSettings = z.object({ settings: messageSettings, revision: z.number().int() });
export const putVersionedMessageSettings = z.object({ settings: messageSettings, baseRevision: z.number().int().min(0) });

export const messageTestSend = z.object({
  kind: messageKind,
  /** the recipient: a member's bound phone (11 digits) */
  phone: z.string().trim().regex(/^1\d{10}$/, '请输入会员绑定的 11 位手机号'),
});
export const messageTestResult = z.object({
  sent: z.boolean(),
  /** when not sent: the member has not subscribed to this template */
  reason: z.enum(['not_subscribed']).nullable(),
  templateId: z.string(),
  data: z.record(z.string(), z.object({ value: z.string() })),
  /** sim mode: the simulator granted the consent first (a real phone's 订阅 sheet does that in WeChat) */
  simulated: z.boolean(),
});

/** For the mini-program: which template ids to ask consent for (enabled kinds only). */
export const messageTemplateIds = z.object({ items: z.array(z.object({ kind: messageKind, templateId: z.string() })) });

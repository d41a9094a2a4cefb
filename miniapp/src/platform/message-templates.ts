/**
 * The subscribe-message template ids the chain switched on (消息模板 in the console; GET /api/messages/templates),
 * loaded once per launch on WeChat (app.ts). WeChat opens the subscription sheet only synchronously inside a tap,
 * so the ids must be at hand before the tap: until the list arrives (or when offline) the defaults are used. A kind
 * switched off is not asked for at all.
 */
import { DEFAULT_MESSAGE_TEMPLATES, type MessageKind } from '@homeclub/shared';
import { call } from '../services/api';

let ids: Map<MessageKind, string> = new Map(DEFAULT_MESSAGE_TEMPLATES.filter((t) => t.enabled).map((t) => [t.kind, t.templateId]));
let loading: Promise<void> | null = null;

export function loadMessageTemplates(): Promise<void> {
  loading ??= call('messageTemplateIds').then(
    (r) => {
      ids = new Map(r.items.map((i) => [i.kind, i.templateId]));
    },
    () => {
      loading = null; // offline: keep the defaults, try again next time
    },
  );
  return loading;
}

/** The template ids to ask consent for, in the order of `kinds` (switched-off kinds left out). */
export function templateIdsOf(kinds: MessageKind[]): string[] {
  return kinds.map((k) => ids.get(k)).filter((id): id is string => Boolean(id));
}

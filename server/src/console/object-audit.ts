/** Per-object audit trails for the console: which audit entries belong to `kind:id`, shaped as before → after. */
import type { ObjectAuditRow } from '@homeclub/shared';
import { AppError } from '../platform/errors';
import type { Identity } from '../platform/http/context';
import { assertConsoleStore } from '../platform/auth/guard';
import type { AuditService } from '../system/audit';
import type { MembersService } from '../members/service';
import { requireConsoleAdmin } from './views';

/** subject kind → the detail field that names the object, or the actions that change a singleton. */
const SUBJECTS: Record<string, { field?: string; actions?: string[] }> = {
  store: { field: 'storeId' },
  'coupon-template': { field: 'templateId' },
  member: { field: 'memberId' },
  settings: {},
  content: { actions: ['content.home.save', 'content.home.publish'] },
};
const SETTINGS_ACTIONS: Record<string, string[]> = {
  membership: ['membership.settings'],
  referrals: ['referral.settings'],
  messages: ['messages.settings', 'messages.test'],
  'points-adjust': ['points.adjust-settings'],
  insight: ['insight.settings'],
};

export function createObjectAudit(deps: { audit: AuditService; members: Pick<MembersService, 'byIds'> }) {
  return async function trail(identity: Identity, subject: string): Promise<{ items: ObjectAuditRow[] }> {
    const [kind, id] = subject.split(':');
    const spec = SUBJECTS[kind];
    if (!spec) throw new AppError('VALIDATION_FAILED', `unknown audit subject ${subject}`, { fields: [{ path: 'query.subject', message: '不支持的对象' }] });
    // A store manager may read their own store's trail; everything else is chain-wide.
    if (kind === 'store') assertConsoleStore(identity, id);
    else requireConsoleAdmin(identity);
    const actions = kind === 'settings' ? (SETTINGS_ACTIONS[id] ?? []) : spec.actions;
    const docs = await deps.audit.forObject({ field: spec.field, id, actions, limit: 50 });
    const actors = await deps.members.byIds(docs.map((d) => d.actorId));
    return {
      items: docs.map((d) => {
        const { before, after, ...rest } = (d.detail ?? {}) as Record<string, unknown>;
        return {
          id: String(d._id),
          actorName: actors.get(d.actorId)?.nickname ?? d.actorId,
          action: d.action,
          at: d.at.toISOString(),
          before: before ?? null,
          after: after ?? null,
          detail: rest,
        };
      }),
    };
  };
}

import { maskPhone, type MemberView } from '@homeclub/shared';
import type { MemberDoc } from './model';

export function toMemberView(m: MemberDoc): MemberView {
  return {
    id: String(m._id),
    nickname: m.nickname,
    avatarUrl: m.avatarUrl ?? null,
    phoneMasked: maskPhone(m.phone),
    roles: m.roles,
    staffStoreId: m.staffStoreId ? String(m.staffStoreId) : null,
    createdAt: m.createdAt.toISOString(),
  };
}

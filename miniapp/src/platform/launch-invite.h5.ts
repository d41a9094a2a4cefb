/**
 * The invite the H5 demo was opened with: the query of the page URL
 * (`#/pages/index/index?inviter=CODE` with the hash router, or `?inviter=CODE`
 * before the hash). A browser has no WeChat entry scene.
 */
import { inviterFromLaunch, type PendingInvite } from '../services/invite';

function queryOf(text: string): Record<string, string> {
  const at = text.indexOf('?');
  if (at < 0) return {};
  return Object.fromEntries(new URLSearchParams(text.slice(at + 1)).entries());
}

export function readLaunchInvite(): PendingInvite | null {
  if (typeof window === 'undefined') return null;
  const { hash, search } = window.location;
  const inviter = inviterFromLaunch(queryOf(hash)) ?? inviterFromLaunch(queryOf(search));
  return inviter ? { inviter } : null;
}

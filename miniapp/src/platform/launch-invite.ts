/**
 * The invite the mini-program was opened with — WeChat version:
 * wx.getLaunchOptionsSync() gives the entry `scene` number and the page query
 * (`inviter` from a shared card, `scene=i%3DCODE` from a scanned poster code).
 * The H5 demo build resolves launch-invite.h5.ts instead (the URL's query).
 */
import Taro from '@tarojs/taro';
import { entryScene, inviterFromLaunch, type PendingInvite } from '../services/invite';

export function readLaunchInvite(): PendingInvite | null {
  let options: { query?: Record<string, unknown>; scene?: unknown } | undefined;
  try {
    options = Taro.getLaunchOptionsSync();
  } catch {
    return null;
  }
  const inviter = inviterFromLaunch(options?.query);
  if (!inviter) return null;
  const scene = entryScene(options?.scene);
  return scene === undefined ? { inviter } : { inviter, scene };
}

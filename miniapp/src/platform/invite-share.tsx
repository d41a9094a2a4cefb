/**
 * 「分享给好友」 — WeChat version: an open-type="share" button; WeChat then asks
 * the page's onShareAppMessage (registered by useInviteShare, which the page
 * must call; its config sets enableShareAppMessage) for the card's title and
 * path `/pages/index/index?inviter=CODE`. The H5 demo build resolves
 * invite-share.h5.tsx instead (a browser has no share sheet).
 */
import Taro from '@tarojs/taro';
import { Button } from '@tarojs/components';
import type { InviteShare } from '../services/referrals';

const FALLBACK: InviteShare = { title: 'HomeClub 家居会员俱乐部', path: '/pages/index/index' };

/** The page's share card (the menu's 「转发」 too): the invite while there is one. */
export function useInviteShare(share: InviteShare | null): void {
  Taro.useShareAppMessage(() => share ?? FALLBACK);
}

export function InviteShareButton(_props: { share: InviteShare }) {
  return (
    <Button id='invite-share' className='btn btn--primary invite-actions__btn' openType='share'>
      分享给好友
    </Button>
  );
}

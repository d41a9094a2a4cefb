/**
 * 「分享给好友」 — H5 demo version: a browser has no share sheet, so the invite
 * link (this site's URL of `/pages/index/index?inviter=CODE`) is shown to copy.
 */
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { InviteShare } from '../services/referrals';

/** No share card in a browser. */
export function useInviteShare(_share: InviteShare | null): void {
  // nothing to register
}

/** The full link of a share path on this site (hash router). */
export function inviteLinkOf(path: string): string {
  const { origin, pathname } = window.location;
  return `${origin}${pathname}#${path.startsWith('/') ? path : `/${path}`}`;
}

export function InviteShareButton({ share }: { share: InviteShare }) {
  const link = inviteLinkOf(share.path);
  return (
    <View className='invite-share-h5'>
      <Text className='invite-share-h5__hint'>复制邀请链接，发给好友打开即可注册：</Text>
      <Text className='invite-share-h5__link' id='invite-share-link' userSelect>
        {link}
      </Text>
      <Button
        id='invite-share'
        className='btn btn--primary invite-actions__btn'
        onClick={() => void Taro.setClipboardData({ data: `${share.title} ${link}` }).catch(() => undefined)}
      >
        复制邀请链接
      </Button>
    </View>
  );
}
